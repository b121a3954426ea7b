using Google.Protobuf.WellKnownTypes;
using VoiceAgent.Broker.Clients;
using VoiceAgent.Broker.Storage;
using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.Broker.Consumption;

// Settlement: acks, invisible time changes, dead-lettering, and deliveries handed back (undelivered responses, clients gone).
internal sealed partial class DeliveryEngine
{
    /// <summary>Puts back deliveries whose response never reached the client, without counting an attempt.</summary>
    public void ReleaseUndelivered(IReadOnlyList<Delivery> deliveries)
    {
        foreach (var delivery in deliveries)
        {
            var state = delivery.State;
            bool released;
            lock (state.Queue.Gate)
            {
                released = state.Release(delivery.Message.Offset, delivery.Token);
            }

            if (released)
            {
                NotifyDeliverable(state);
            }
        }
    }

    public Outcome Ack(string? receiptHandle, ConsumerGroup group, string topic, string? liteTopic)
    {
        if (!TryResolve(receiptHandle, group, topic, liteTopic, out var handle, out var queue, out var error))
        {
            return error;
        }

        QueueConsumerState? state;
        bool acked;
        lock (queue.Gate)
        {
            state = queue.FindConsumer(group);
            acked = state is not null && state.Ack(handle.Offset, handle.Token);
            if (acked)
            {
                _topics.FreeSettled(queue, handle.Offset);
                _topics.TrimSettled(queue);
            }
        }

        if (!acked)
        {
            return StaleHandle;
        }

        if (state!.Ordered)
        {
            NotifyDeliverable(state);
        }

        return Outcome.Ok;
    }

    /// <summary>Gives a delivery a new invisible time; <paramref name="suspend"/> keeps its attempt count. Returns the new handle.</summary>
    public Outcome ChangeInvisibleTime(string? receiptHandle, ConsumerGroup group, string topic, string? liteTopic, TimeSpan invisible, bool suspend, out string? newReceiptHandle)
    {
        newReceiptHandle = null;
        if (!TryResolve(receiptHandle, group, topic, liteTopic, out var handle, out var queue, out var error))
        {
            return error;
        }

        var token = _tokens.Next();
        var until = NowMs + (long)invisible.TotalMilliseconds;
        QueueConsumerState? state;
        bool changed;
        var released = false;
        lock (queue.Gate)
        {
            state = queue.FindConsumer(group);
            changed = state is not null && state.ChangeInvisibleTime(handle.Offset, handle.Token, until, suspend, token);

            // A consumer that suspends a message of a lite topic it no longer holds (it unsubscribed, or another consumer
            // of an exclusive group took the lite topic) hands it to the lite topic's current holder at once.
            if (changed && suspend && queue.LiteTopic is not null && !StillHolds(state!.OwnerOf(handle.Offset, token), queue.LiteTopic))
            {
                released = state.Release(handle.Offset, token);
            }
        }

        if (!changed)
        {
            return StaleHandle;
        }

        if (released)
        {
            NotifyDeliverable(state!);
        }
        else
        {
            _expiries.Schedule(new Expiry(state!, handle.Offset, token), until);
        }

        newReceiptHandle = _handles.Encode(handle with { Token = token });
        return Outcome.Ok;
    }

    /// <summary>Moves a delivered message to <c>%DLQ%group</c> at the consumer's request.</summary>
    public Outcome ForwardToDeadLetter(string? receiptHandle, ConsumerGroup group, string topic, string? liteTopic)
    {
        if (!TryResolve(receiptHandle, group, topic, liteTopic, out var handle, out var queue, out var error))
        {
            return error;
        }

        QueueConsumerState? state;
        StoredMessage? message;
        lock (queue.Gate)
        {
            state = queue.FindConsumer(group);
            message = state?.TakeForDeadLetter(handle.Offset, handle.Token);
            if (message is not null)
            {
                _topics.FreeSettled(queue, handle.Offset);
                _topics.TrimSettled(queue);
            }
        }

        if (message is null)
        {
            return StaleHandle;
        }

        WriteDeadLetter(message, group, queue);
        if (state!.Ordered)
        {
            NotifyDeliverable(state);
        }

        return Outcome.Ok;
    }

    /// <summary>A client terminated or timed out: its auto-renewed deliveries become visible again.</summary>
    public void OnClientGone(ClientSession client)
    {
        client.LiteEvents.Clear();
        foreach (var state in client.TakeStates())
        {
            int released;
            lock (state.Queue.Gate)
            {
                released = state.ReleaseOwner(client);
            }

            if (released > 0)
            {
                Log.ReleasedDeliveries(_logger, released, client.ClientId, state.Queue.DisplayName);
                NotifyDeliverable(state);
            }
        }
    }

    private static Outcome StaleHandle =>
        new(Code.InvalidReceiptHandle, "The receipt handle is stale: the message was acknowledged, redelivered, or its invisible time changed.");

    private bool TryResolve(
        string? text,
        ConsumerGroup group,
        string topic,
        string? liteTopic,
        out ReceiptHandle handle,
        out BrokerQueue queue,
        out Outcome error)
    {
        queue = null!;
        error = default;
        if (!_handles.TryDecode(text, out handle))
        {
            error = new Outcome(Code.InvalidReceiptHandle, "The receipt handle is malformed or was not issued by this broker.");
            return false;
        }

        if (handle.GroupId != group.Id)
        {
            error = new Outcome(Code.InvalidReceiptHandle, $"The receipt handle was issued to another consumer group than '{group.Name}'.");
            return false;
        }

        if (_topics.FindQueue(handle.QueueId) is not { } found)
        {
            error = new Outcome(Code.InvalidReceiptHandle, "The receipt handle names a lite topic that expired meanwhile.");
            return false;
        }

        if (!string.Equals(found.Topic.Name, topic, StringComparison.Ordinal))
        {
            error = new Outcome(Code.InvalidReceiptHandle, $"The receipt handle belongs to topic '{found.Topic.Name}', not '{topic}'.");
            return false;
        }

        if (!string.IsNullOrEmpty(liteTopic) && !string.Equals(found.LiteTopic, liteTopic, StringComparison.Ordinal))
        {
            error = new Outcome(Code.InvalidReceiptHandle, $"The receipt handle belongs to lite topic '{found.LiteTopic}', not '{liteTopic}'.");
            return false;
        }

        queue = found;
        return true;
    }

    private void WriteDeadLetter(StoredMessage message, ConsumerGroup group, BrokerQueue from)
    {
        var topic = _topics.GetOrCreateDeadLetterTopic(group.Name);
        var now = NowMs;
        var template = message.Template.Clone();
        template.Topic = new Resource { Name = topic.Name };
        var properties = template.SystemProperties;
        properties.DeadLetterQueue = new DeadLetterQueue { Topic = from.Topic.Name, MessageId = properties.MessageId };
        properties.MessageType = MessageType.Normal;
        properties.QueueId = 0;
        properties.StoreTimestamp = Timestamp.FromDateTimeOffset(_time.GetUtcNow());
        var queue = topic.Queues[0];
        _topics.Append(queue, new StoredMessage(template, message.Size, now, laneKey: null), Admission.Forced);
        _metrics.DeadLettered(from.Topic.Name, group.Name);
        Log.DeadLettered(_logger, message.MessageId, from.DisplayName, group.Name, topic.Name);
        OnStored(queue);
    }
}
