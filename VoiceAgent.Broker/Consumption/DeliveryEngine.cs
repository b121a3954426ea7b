using Microsoft.Extensions.Logging;
using VoiceAgent.Broker.Configuration;
using VoiceAgent.Broker.Diagnostics;
using VoiceAgent.Broker.Lite;
using VoiceAgent.Broker.Storage;

namespace VoiceAgent.Broker.Consumption;

/// <summary>
/// Hands messages to consumers and settles them. This file holds the shared state and the wake-ups that connect
/// arrivals to waiting receives (per queue of a group, or per lite consumer); the jobs are split by file: the receive
/// path (<c>DeliveryEngine.Receiving.cs</c>), settlement (<c>.Settlement.cs</c>), lite dispatch (<c>.LiteDispatch.cs</c>)
/// and invisible-time expiry (<c>.Expiry.cs</c>).
/// </summary>
internal sealed partial class DeliveryEngine : IDisposable
{
    private readonly BrokerOptions _options;
    private readonly TopicStore _topics;
    private readonly ConsumerGroupStore _groups;
    private readonly LiteSubscriptionRegistry _subscriptions;
    private readonly ReceiptHandleCodec _handles;
    private readonly BrokerMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly DueQueue<Expiry> _expiries;
    private readonly DeliveryTokenSource _tokens = new();
    private readonly RenewalPolicy _renewal;
    private readonly Func<Topic, ConsumerGroup, TopicConsumer> _createConsumer;

    public DeliveryEngine(
        BrokerOptions options,
        TopicStore topics,
        ConsumerGroupStore groups,
        LiteSubscriptionRegistry subscriptions,
        ReceiptHandleCodec handles,
        BrokerMetrics metrics,
        TimeProvider time,
        ILogger<DeliveryEngine> logger)
    {
        _options = options;
        _topics = topics;
        _groups = groups;
        _subscriptions = subscriptions;
        _handles = handles;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _expiries = new DueQueue<Expiry>(time, OnExpired, static expiry =>
        {
            lock (expiry.State.Queue.Gate)
            {
                return expiry.State.IsInFlight(expiry.Offset, expiry.Token);
            }
        });
        _renewal = new RenewalPolicy(
            (long)options.AutoRenewInvisibleTime.TotalMilliseconds,
            (long)options.MaxAutoRenewTime.TotalMilliseconds,
            MayRenew);
        _createConsumer = static (topic, group) => new TopicConsumer(topic, group, ordered: topic.Type == TopicType.Fifo && group.Fifo);
    }

    /// <summary>Deadlines waiting to pass (invisible times of deliveries in flight).</summary>
    public int PendingDeadlines => _expiries.Count;

    private long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>
    /// Starts tracking <paramref name="group"/> on <paramref name="topic"/> (a consumer announced the subscription), so
    /// that what it has not read yet is kept from then on.
    /// </summary>
    public void Bind(ConsumerGroup group, Topic topic)
    {
        if (topic.Type != TopicType.Lite && !group.IsLite)
        {
            topic.GetOrAddConsumer(group, _createConsumer);
        }
    }

    /// <summary>Wakes the consumers that may want what was just stored in <paramref name="queue"/>.</summary>
    public void OnStored(BrokerQueue queue)
    {
        if (queue.LiteTopic is null)
        {
            foreach (var consumer in queue.Topic.Consumers)
            {
                consumer.WakeOne(consumer.States[queue.QueueId]);
            }

            return;
        }

        foreach (var group in _groups.LiteGroupsOf(queue.Topic.Name))
        {
            DispatchLite(group, queue);
        }
    }

    private void NotifyDeliverable(QueueConsumerState state)
    {
        if (state.Consumer is { } consumer)
        {
            consumer.WakeOne(state);
        }
        else if (state.Queue.LiteTopic is not null)
        {
            DispatchLite(state.Group, state.Queue);
        }
    }

    public void Dispose() => _expiries.Dispose();
}
