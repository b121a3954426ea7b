using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.RocketMQ;

/// <summary>
/// What push and lite push consumers share: QueryAssignment every few seconds, one <see cref="ProcessQueue"/>
/// per assigned queue, the consume service chosen by the server's FIFO flag, bounded cache and concurrency,
/// and an orderly shutdown (stop receiving, let running handlers finish, then end the session).
/// </summary>
internal sealed partial class PushConsumerEngine : IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, FilterExpression> _subscriptions;
    private readonly int _maxCachedMessageCount;
    private readonly long _maxCachedMessageBytes;
    private readonly int _concurrency;
    private readonly bool _fifoAccelerator;
    private readonly MessageHandler _handler;
    private readonly CancellationTokenSource _receiving = new();
    private readonly CancellationTokenSource _settling = new();
    private readonly ConcurrentDictionary<string, ProcessQueue> _queues = new(StringComparer.Ordinal);
    private readonly List<TopicCache> _caches = [];
    private ConsumeService? _consumeService;
    private Task _assignmentLoop = Task.CompletedTask;
    private int _disposed;

    public PushConsumerEngine(
        ClientSession session,
        PushSubscriptionSettings settings,
        string consumerGroup,
        IReadOnlyDictionary<string, FilterExpression> subscriptions,
        int maxCachedMessageCount,
        long maxCachedMessageBytes,
        int concurrency,
        bool fifoAccelerator,
        MessageHandler handler,
        bool isLite)
    {
        Session = session;
        Settings = settings;
        _subscriptions = subscriptions;
        _maxCachedMessageCount = maxCachedMessageCount;
        _maxCachedMessageBytes = maxCachedMessageBytes;
        _concurrency = concurrency;
        _fifoAccelerator = fifoAccelerator;
        _handler = handler;
        Core = new ConsumerCore(session, consumerGroup, isLite);
    }

    public ClientSession Session { get; }

    public PushSubscriptionSettings Settings { get; }

    public ConsumerCore Core { get; }

    public ILogger Logger => Session.Logger;

    public ConsumeService ConsumeService => _consumeService ?? throw new InvalidOperationException("The consumer has not started.");

    public CancellationToken ReceivingToken => _receiving.Token;

    public CancellationToken SettlingToken => _settling.Token;

    /// <summary>The cache limits, shared evenly by the assigned queues.</summary>
    public long CountThresholdPerQueue => Math.Max(1, _maxCachedMessageCount / Math.Max(1, _queues.Count));

    public long BytesThresholdPerQueue => Math.Max(1, _maxCachedMessageBytes / Math.Max(1, _queues.Count));

    /// <summary>The queues this consumer receives from now.</summary>
    public IReadOnlyCollection<MessageQueueInfo> AssignedQueues => _queues.Values.Select(q => q.Queue).ToList();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await Session.StartAsync(_subscriptions.Keys, cancellationToken).ConfigureAwait(false);
        _consumeService = CreateConsumeService();
        foreach (var topic in _subscriptions.Keys)
        {
            var cache = new TopicCache(this, topic);
            _caches.Add(cache);
            RocketMQMetrics.Register(cache);
        }

        _assignmentLoop = Periodic.RunAsync(
            Session.Timings.QueryAssignmentInterval,
            ScanAssignmentsAsync,
            runFirst: true,
            e => Log.AssignmentFailed(Logger, Session.ClientId, e),
            ReceivingToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _receiving.CancelAsync().ConfigureAwait(false);
        await _assignmentLoop.ConfigureAwait(false);
        foreach (var queue in _queues.Values)
        {
            queue.Drop();
        }

        await Task.WhenAll(_queues.Values.Select(q => q.Completion)).ConfigureAwait(false);
        if (_consumeService is not null && !await _consumeService.Running.WaitAllAsync(Session.Timings.ShutdownTimeout).ConfigureAwait(false))
        {
            Log.ShutdownTimedOut(Logger, Session.ClientId, _consumeService.Running.Count);
        }

        await _settling.CancelAsync().ConfigureAwait(false);
        foreach (var cache in _caches)
        {
            RocketMQMetrics.Unregister(cache);
        }

        await Session.DisposeAsync().ConfigureAwait(false);
        _receiving.Dispose();
        _settling.Dispose();
    }

    private ConsumeService CreateConsumeService()
    {
        var invoker = new ConsumeInvoker(_handler, _concurrency, Session.ClientId, Core.ConsumerGroup, Logger, SettlingToken);
        var retryPolicy = () => Settings.RetryPolicy!;
        if (Core.IsLite)
        {
            return Settings.Fifo
                ? new FifoConsumeService(invoker, retryPolicy, isLite: true, static m => m.LiteTopic)
                : new StandardConsumeService(invoker, retryPolicy, isLite: true);
        }

        if (!Settings.Fifo)
        {
            return new StandardConsumeService(invoker, retryPolicy, isLite: false);
        }

        return _fifoAccelerator
            ? new FifoConsumeService(invoker, retryPolicy, isLite: false, static m => m.MessageGroup)
            : new FifoConsumeService(invoker, retryPolicy, isLite: false, static _ => null);
    }

    private async Task ScanAssignmentsAsync(CancellationToken cancellationToken)
    {
        foreach (var (topic, filter) in _subscriptions)
        {
            try
            {
                var route = await Session.GetRouteAsync(topic, cancellationToken).ConfigureAwait(false);
                var readable = route.Queues.Where(q => q.IsReadable && q.IsMaster).ToList();
                var endpoints = readable.Count > 0 ? readable[Random.Shared.Next(readable.Count)].Endpoints : route.Endpoints[0];
                var request = new QueryAssignmentRequest
                {
                    Topic = Session.ToResource(topic),
                    Group = Core.Group,
                    Endpoints = Session.AccessPoint.ToProtobuf(),
                };

                var response = await Session.CallAsync(endpoints, MessagingService.QueryAssignment, request, r => r.Status, cancellationToken)
                    .ConfigureAwait(false);
                var assigned = response.Assignments
                    .Where(a => a.MessageQueue is not null)
                    .Select(a => new MessageQueueInfo(a.MessageQueue))
                    .ToList();
                if (assigned.Count == 0)
                {
                    Log.NoAssignment(Logger, Session.ClientId, topic);
                    continue;
                }

                UpdateQueues(topic, filter, assigned);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Log.TopicAssignmentFailed(Logger, Session.ClientId, topic, e);
            }
        }
    }

    private void UpdateQueues(string topic, FilterExpression filter, List<MessageQueueInfo> assigned)
    {
        var wanted = assigned.ToDictionary(q => q.ToString(), StringComparer.Ordinal);
        foreach (var (key, queue) in _queues)
        {
            if (queue.Queue.Topic == topic && !wanted.ContainsKey(key))
            {
                Log.QueueDropped(Logger, Session.ClientId, queue.Queue);
                queue.Drop();
                _queues.TryRemove(key, out _);
            }
        }

        foreach (var (key, info) in wanted)
        {
            if (ReceivingToken.IsCancellationRequested || _queues.ContainsKey(key))
            {
                continue;
            }

            var queue = new ProcessQueue(this, info, filter.ToProtobuf());
            if (_queues.TryAdd(key, queue))
            {
                Log.QueueAssigned(Logger, Session.ClientId, info);
                queue.Start();
            }
        }
    }

    /// <summary>Sums the caches of one topic's queues for the cached messages and bytes gauges.</summary>
    private sealed class TopicCache(PushConsumerEngine engine, string topic) : RocketMQMetrics.ICacheStatistics
    {
        public string Topic { get; } = topic;

        public string ClientId => engine.Session.ClientId;

        public string ConsumerGroup => engine.Core.ConsumerGroup;

        public long CachedMessageCount => engine._queues.Values.Where(q => q.Queue.Topic == Topic).Sum(q => q.CachedCount);

        public long CachedMessageBytes => engine._queues.Values.Where(q => q.Queue.Topic == Topic).Sum(q => q.CachedBytes);
    }
}
