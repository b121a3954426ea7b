namespace VoiceAgent.RocketMQ;

/// <summary>
/// A push consumer bound to a LITE parent topic that receives the lite topics it subscribes at runtime. Each
/// lite topic is consumed in order; acks, retries and dead-lettering name the lite topic; the handler may
/// return <see cref="ConsumeResult.Suspend"/> to have a message redelivered later without counting an attempt
/// (at once, to the lite topic's current holder, when this consumer no longer holds it). In an exclusive group the
/// server may take a lite topic away: <see cref="LitePushConsumerOptions.LiteTopicRevoked"/> says so. Create one with <see cref="RocketMQClient.CreateLitePushConsumerAsync"/>; dispose to stop it.
/// </summary>
public sealed class LitePushConsumer : IAsyncDisposable
{
    private readonly PushConsumerEngine _engine;
    private readonly LiteSubscriptionManager _subscriptions;
    private readonly Action<LitePushConsumer> _onDisposed;
    private int _disposed;

    internal LitePushConsumer(ClientSession session, PushSubscriptionSettings settings, LitePushConsumerOptions options, MessageHandler handler, Action<LitePushConsumer> onDisposed)
    {
        ConsumerGroup = options.ConsumerGroup;
        BindTopic = options.BindTopic;
        _onDisposed = onDisposed;
        _engine = new PushConsumerEngine(
            session,
            settings,
            options.ConsumerGroup,
            new Dictionary<string, FilterExpression>(StringComparer.Ordinal) { [options.BindTopic] = FilterExpression.All },
            options.MaxCachedMessageCount,
            options.MaxCachedMessageBytes,
            options.ConsumptionConcurrency,
            fifoAccelerator: true,
            handler,
            isLite: true);
        _subscriptions = new LiteSubscriptionManager(session, settings, _engine.Core, options.BindTopic, options.LiteTopicRevoked);
    }

    public string ConsumerGroup { get; }

    /// <summary>The LITE parent topic.</summary>
    public string BindTopic { get; }

    /// <summary>This consumer's <c>x-mq-client-id</c>.</summary>
    public string ClientId => _engine.Session.ClientId;

    /// <summary>The lite topics subscribed now (as the server last accepted them, less those it took away).</summary>
    public IReadOnlyCollection<string> LiteTopics => _subscriptions.LiteTopics;

    internal PushConsumerEngine Engine => _engine;

    /// <summary>
    /// Subscribes <paramref name="liteTopic"/>; its messages start arriving once the server accepted it.
    /// Throws <see cref="LiteSubscriptionQuotaExceededException"/> (without asking the server) when this client
    /// is at its quota, and <see cref="IllegalLiteTopicException"/> for a name the server would refuse.
    /// </summary>
    public Task SubscribeLiteAsync(string liteTopic, OffsetOption? offsetOption = null, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return _subscriptions.SubscribeAsync(liteTopic, offsetOption, cancellationToken);
    }

    /// <summary>
    /// Unsubscribes <paramref name="liteTopic"/>; messages already received are still handled, and those the handler
    /// answers with <see cref="ConsumeResult.Suspend"/> go to the lite topic's next subscriber at once.
    /// </summary>
    public Task UnsubscribeLiteAsync(string liteTopic, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(liteTopic);
        return _subscriptions.UnsubscribeAsync(liteTopic, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _engine.DisposeAsync().ConfigureAwait(false);
        await _subscriptions.StopAsync().ConfigureAwait(false);
        _onDisposed(this);
    }

    internal async Task StartAsync(CancellationToken cancellationToken)
    {
        await _engine.StartAsync(cancellationToken).ConfigureAwait(false);
        await _subscriptions.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
}
