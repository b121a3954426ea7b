using System.Collections.Concurrent;

namespace VoiceAgent.RocketMQ;

/// <summary>
/// Receives messages when asked (long polling), leaving acknowledgement to the caller: a message not acked
/// within its invisible duration is delivered again. Create one with
/// <see cref="RocketMQClient.CreateSimpleConsumerAsync"/>; thread safe; dispose to end its session.
/// </summary>
public sealed class SimpleConsumer : IAsyncDisposable
{
    private readonly ConsumerCore _core;
    private readonly SimpleSubscriptionSettings _settings;
    private readonly KeyValuePair<string, FilterExpression>[] _subscriptions;
    private readonly ConcurrentDictionary<string, (TopicRoute Route, SubscriptionLoadBalancer Balancer)> _balancers = new(StringComparer.Ordinal);
    private readonly Action<SimpleConsumer> _onDisposed;
    private int _topicIndex = -1;
    private int _disposed;

    internal SimpleConsumer(ClientSession session, SimpleSubscriptionSettings settings, SimpleConsumerOptions options, Action<SimpleConsumer> onDisposed)
    {
        _core = new ConsumerCore(session, options.ConsumerGroup, isLite: false);
        _settings = settings;
        _subscriptions = [.. options.Subscriptions];
        _onDisposed = onDisposed;
    }

    public string ConsumerGroup => _core.ConsumerGroup;

    /// <summary>This consumer's <c>x-mq-client-id</c>.</summary>
    public string ClientId => _core.Session.ClientId;

    /// <summary>
    /// Waits up to the await duration for at most <paramref name="maxMessageCount"/> messages of one subscribed
    /// topic (topics take turns); each stays invisible to other consumers for <paramref name="invisibleDuration"/>.
    /// Returns an empty list when none arrived.
    /// </summary>
    public async Task<IReadOnlyList<MessageView>> ReceiveAsync(int maxMessageCount, TimeSpan invisibleDuration, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessageCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(invisibleDuration, TimeSpan.Zero);
        var (topic, filter) = _subscriptions[(int)((uint)Interlocked.Increment(ref _topicIndex) % (uint)_subscriptions.Length)];
        var queue = (await GetBalancerAsync(topic, cancellationToken).ConfigureAwait(false)).Take();
        var result = await _core.ReceiveAsync(queue, filter.ToProtobuf(), maxMessageCount, invisibleDuration, _settings.AwaitDuration, null, cancellationToken)
            .ConfigureAwait(false);
        return result.Messages;
    }

    /// <summary>Acknowledges <paramref name="message"/>; throws <see cref="InvalidReceiptHandleException"/> once its invisible time has passed.</summary>
    public Task AckAsync(MessageView message, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(message);
        return _core.AckAsync(message, cancellationToken);
    }

    /// <summary>
    /// Makes <paramref name="message"/> visible again after <paramref name="invisibleDuration"/> from now; the
    /// message keeps the new receipt handle, so ack or change it again through the same view.
    /// </summary>
    public Task ChangeInvisibleDurationAsync(MessageView message, TimeSpan invisibleDuration, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(message);
        ArgumentOutOfRangeException.ThrowIfLessThan(invisibleDuration, TimeSpan.Zero);
        return _core.ChangeInvisibleDurationAsync(message, invisibleDuration, suspend: false, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _core.Session.RouteChanged -= OnRouteChanged;
        await _core.Session.DisposeAsync().ConfigureAwait(false);
        _onDisposed(this);
    }

    internal async Task StartAsync(CancellationToken cancellationToken)
    {
        _core.Session.RouteChanged += OnRouteChanged;
        await _core.Session.StartAsync(_subscriptions.Select(s => s.Key), cancellationToken).ConfigureAwait(false);
    }

    private async Task<SubscriptionLoadBalancer> GetBalancerAsync(string topic, CancellationToken cancellationToken)
    {
        var route = await _core.Session.GetRouteAsync(topic, cancellationToken).ConfigureAwait(false);
        if (_balancers.TryGetValue(topic, out var entry) && ReferenceEquals(entry.Route, route))
        {
            return entry.Balancer;
        }

        var balancer = new SubscriptionLoadBalancer(route, entry.Balancer?.NextIndex ?? Random.Shared.Next());
        _balancers[topic] = (route, balancer);
        return balancer;
    }

    private void OnRouteChanged(TopicRoute route) => _balancers.TryRemove(route.Topic, out _);

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
}
