using VoiceAgent.Broker.Clients;
using VoiceAgent.Broker.Lite;
using VoiceAgent.Broker.Storage;
using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.Broker.Consumption;

// Lite dispatch: which lite consumers hear of a lite topic that has something to deliver, and lite subscription changes.
internal sealed partial class DeliveryEngine
{
    /// <summary>Tells a client about the lite topics it just subscribed, so that their backlog reaches it.</summary>
    public void OnLiteSubscribed(ClientSession client, Topic parent, IEnumerable<string> liteTopics)
    {
        var any = false;
        foreach (var name in liteTopics)
        {
            if (_topics.FindLiteTopic(parent, name) is { } queue)
            {
                client.LiteEvents.Add(queue);
                any = true;
            }
        }

        if (any)
        {
            client.Signal.Notify();
        }
    }

    /// <summary>Hands lite topics a client gave up to the group's other subscribers.</summary>
    public void OnLiteUnsubscribed(ConsumerGroup group, Topic parent, IEnumerable<string> liteTopics)
    {
        foreach (var name in liteTopics)
        {
            if (_topics.FindLiteTopic(parent, name) is { } queue)
            {
                DispatchLite(group, queue);
            }
        }
    }

    /// <summary>
    /// Registers a lite subscription (<paramref name="register"/>) and moves the group's read position on the lite topic
    /// per <paramref name="option"/> as one step under the lite topic's lock, so that no receive sees the subscription
    /// with the old position. The new position clears the group's deliveries in flight and its FIFO block; an offset
    /// below the oldest stored message (outside the replay window) starts at the oldest stored one.
    /// </summary>
    public LiteSubscriptionResult SubscribeFrom(ConsumerGroup group, BrokerQueue queue, OffsetOption option, Func<LiteSubscriptionResult> register)
    {
        LiteSubscriptionResult result;
        lock (queue.Gate)
        {
            result = register();
            if (result.Status != LiteSubscriptionStatus.Ok || queue.Removed)
            {
                return result;
            }

            var log = queue.Log;
            long? target = option.OffsetTypeCase switch
            {
                OffsetOption.OffsetTypeOneofCase.Policy when option.Policy == OffsetOption.Types.Policy.Min => log.MinOffset,
                OffsetOption.OffsetTypeOneofCase.Policy when option.Policy == OffsetOption.Types.Policy.Max => log.NextOffset,
                OffsetOption.OffsetTypeOneofCase.Offset => Math.Clamp(option.Offset, log.MinOffset, log.NextOffset),
                OffsetOption.OffsetTypeOneofCase.TailN => Math.Clamp(log.NextOffset - option.TailN, log.MinOffset, log.NextOffset),
                _ => null,
            };

            if (target is not { } offset)
            {
                return result;
            }

            var state = queue.FindConsumer(group) ?? AddLiteState(queue, group);
            state.Reset(offset);
            _topics.TrimSettled(queue);
        }

        DispatchLite(group, queue);
        return result;
    }

    /// <summary>
    /// <paramref name="client"/> lost <paramref name="liteTopic"/> to another consumer of its exclusive group: what it
    /// received of it and has not settled goes to the new holder at once, without counting an attempt.
    /// </summary>
    public void OnLiteEvicted(ClientSession client, ConsumerGroup group, Topic parent, string liteTopic)
    {
        if (_topics.FindLiteTopic(parent, liteTopic) is not { } queue)
        {
            return;
        }

        int released;
        lock (queue.Gate)
        {
            released = queue.FindConsumer(group)?.ReleaseOwner(client, autoRenewOnly: false, keepAttempt: true) ?? 0;
        }

        if (released > 0)
        {
            Log.ReleasedEvicted(_logger, released, client.ClientId, queue.DisplayName);
            DispatchLite(group, queue);
        }
    }

    private void DispatchLite(ConsumerGroup group, BrokerQueue queue)
    {
        foreach (var client in _subscriptions.Subscribers(group, queue.LiteTopic!))
        {
            client.LiteEvents.Add(queue);
            client.Signal.Notify();
        }
    }

    /// <summary>
    /// A lite group's first look at a lite topic: it reads what is stored and not yet settled by the groups before it
    /// (retained messages are for replay only). Call with the gate held.
    /// </summary>
    private static QueueConsumerState AddLiteState(BrokerQueue queue, ConsumerGroup group)
    {
        var state = new QueueConsumerState(queue, group, ordered: true, queue.Log.SettledOffset);
        queue.Consumers.Add(state);
        return state;
    }

    /// <summary>Whether <paramref name="owner"/> is alive and still subscribes the lite topic. Call with the queue's gate held.</summary>
    private static bool StillHolds(ClientSession? owner, string liteTopic) =>
        owner is not null && owner.IsAlive && LiteSubscriptionRegistry.IsSubscribed(owner, liteTopic);
}
