namespace VoiceAgent.RocketMQ;

/// <summary>
/// Receives the messages of its subscriptions and calls the handler for each. For FIFO groups the messages of
/// one message group are handled strictly in order (groups in parallel); a message is acked after the handler
/// succeeds; failures are retried per the server's backoff policy (locally for FIFO, then dead-lettered).
/// Create one with <see cref="RocketMQClient.CreatePushConsumerAsync"/>; dispose to stop it.
/// </summary>
public sealed class PushConsumer : IAsyncDisposable
{
    private readonly PushConsumerEngine _engine;
    private readonly Action<PushConsumer> _onDisposed;
    private int _disposed;

    internal PushConsumer(ClientSession session, PushSubscriptionSettings settings, PushConsumerOptions options, MessageHandler handler, Action<PushConsumer> onDisposed)
    {
        ConsumerGroup = options.ConsumerGroup;
        _onDisposed = onDisposed;
        _engine = new PushConsumerEngine(
            session,
            settings,
            options.ConsumerGroup,
            new Dictionary<string, FilterExpression>(options.Subscriptions, StringComparer.Ordinal),
            options.MaxCachedMessageCount,
            options.MaxCachedMessageBytes,
            options.ConsumptionConcurrency,
            options.EnableFifoConsumeAccelerator,
            handler,
            isLite: false);
    }

    public string ConsumerGroup { get; }

    /// <summary>This consumer's <c>x-mq-client-id</c>.</summary>
    public string ClientId => _engine.Session.ClientId;

    internal PushConsumerEngine Engine => _engine;

    /// <summary>Stops receiving, lets running handlers finish (within a time limit), then ends the session.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _engine.DisposeAsync().ConfigureAwait(false);
        _onDisposed(this);
    }

    internal Task StartAsync(CancellationToken cancellationToken) => _engine.StartAsync(cancellationToken);
}
