using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging;
using VoiceAgent.Broker.Clients;
using VoiceAgent.Broker.Configuration;
using VoiceAgent.Broker.Diagnostics;
using VoiceAgent.Broker.Lite;
using VoiceAgent.Broker.Storage;
using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.Broker.Consumption;

/// <summary>
/// Hands messages to consumers and settles them: long-polling receives, acks, invisible time changes,
/// redelivery when an invisible time passes, dead-lettering after the last attempt, and the wake-ups that
/// connect arrivals to waiting receives (per group and topic, or per lite consumer).
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
    /// Pops up to the batch size, waiting up to the poll timeout for something to arrive. Returns the
    /// deliveries (empty when nothing came); cancellation while waiting throws.
    /// </summary>
    public ValueTask<IReadOnlyList<Delivery>> ReceiveAsync(ReceiveRequest request, CancellationToken cancellationToken)
    {
        if (Replay(request) is { } replayed)
        {
            return ValueTask.FromResult(replayed);
        }

        return request.Lite
            ? ReceiveLiteAsync(request, cancellationToken)
            : ReceiveFromTopicAsync(request, request.Topic.GetOrAddConsumer(request.Group, _createConsumer), cancellationToken);
    }

    /// <summary>
    /// A receive from a topic's queues: the one queue an ordered group was assigned (its long poll waits for that queue
    /// only), otherwise every queue in turn. Each arrival wakes one long poll, which passes the wake on when it leaves
    /// something deliverable behind.
    /// </summary>
    private async ValueTask<IReadOnlyList<Delivery>> ReceiveFromTopicAsync(ReceiveRequest request, TopicConsumer consumer, CancellationToken cancellationToken)
    {
        var output = new List<Delivery>(Math.Min(request.BatchSize, 32));
        var deadline = NowMs + (long)request.PollTimeout.TotalMilliseconds;
        var single = consumer.IsAssignedQueue(request.QueueId) ? consumer.States[request.QueueId] : null;
        var waiters = single is null ? consumer.AnyQueueWaiters : consumer.WaitersOf(request.QueueId);
        while (true)
        {
            var waiter = waiters.Enlist();
            var options = new DeliveryOptions(request.Client, request.InvisibleMs, request.AutoRenew, NowMs, _tokens, request.Filter ?? TagFilter.All);
            var more = single is null
                ? PopAnyQueue(consumer, consumer.StartQueue(request.QueueId), request.BatchSize, options, output)
                : PopQueue(single, request.BatchSize, options, output);
            var remaining = deadline - NowMs;
            if (output.Count > 0 || remaining <= 0)
            {
                // A wake that picked this poll, or work it leaves behind, goes to the next poll.
                if (waiters.Withdraw(waiter) | more)
                {
                    PassOn(consumer, single);
                }

                if (output.Count > 0)
                {
                    AfterPop(request, output);
                }

                return output;
            }

            try
            {
                await waiter.Value.Task.WaitAsync(TimeSpan.FromMilliseconds(remaining), _time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // One last look, then the empty answer.
                deadline = NowMs;
                waiters.Withdraw(waiter);
            }
            catch (OperationCanceledException)
            {
                if (waiters.Withdraw(waiter))
                {
                    PassOn(consumer, single);
                }

                throw;
            }
        }
    }

    private static void PassOn(TopicConsumer consumer, QueueConsumerState? single)
    {
        if (single is null)
        {
            consumer.AnyQueueWaiters.WakeOne();
        }
        else
        {
            consumer.WakeOne(single);
        }
    }

    /// <summary>A lite consumer's receive: from the lite topics on its to-do list, woken per client.</summary>
    private async ValueTask<IReadOnlyList<Delivery>> ReceiveLiteAsync(ReceiveRequest request, CancellationToken cancellationToken)
    {
        var output = new List<Delivery>(Math.Min(request.BatchSize, 32));
        var deadline = NowMs + (long)request.PollTimeout.TotalMilliseconds;
        var signal = request.Client.Signal;
        while (true)
        {
            var wake = signal.WaitTask;
            var options = new DeliveryOptions(request.Client, request.InvisibleMs, request.AutoRenew, NowMs, _tokens, request.Filter ?? TagFilter.All);
            PopLite(request, options, output);
            if (output.Count > 0)
            {
                AfterPop(request, output);
                return output;
            }

            var remaining = deadline - NowMs;
            if (remaining <= 0)
            {
                return output;
            }

            try
            {
                await wake.WaitAsync(TimeSpan.FromMilliseconds(remaining), _time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // One last look, then the empty answer.
            }
        }
    }

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

    /// <summary>The delivered form of <paramref name="delivery"/>: the stored message plus its receipt handle and attempt.</summary>
    public Message ToMessage(in Delivery delivery)
    {
        var message = delivery.Message.Template.Clone();
        message.SystemProperties.MergeFrom(DeliveryProperties(delivery));
        return message;
    }

    /// <summary>
    /// The system properties that differ per delivery (receipt handle, attempt, invisible time, queue offset); the
    /// stored message holds every other one.
    /// </summary>
    public SystemProperties DeliveryProperties(in Delivery delivery)
    {
        var state = delivery.State;
        return new SystemProperties
        {
            QueueOffset = delivery.Message.Offset,
            DeliveryAttempt = delivery.Attempt,
            ReceiptHandle = _handles.Encode(new ReceiptHandle(state.Queue.Id, state.Group.Id, delivery.Message.Offset, delivery.Token)),
            InvisibleDuration = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(Math.Max(0, delivery.InvisibleUntilMs - NowMs))),
        };
    }

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

    public void Dispose() => _expiries.Dispose();

    private static Outcome StaleHandle =>
        new(Code.InvalidReceiptHandle, "The receipt handle is stale: the message was acknowledged, redelivered, or its invisible time changed.");

    private IReadOnlyList<Delivery>? Replay(ReceiveRequest request)
    {
        if (request.AttemptId is not { Length: > 0 } attemptId || request.Client.FindAttempt(AttemptKey(request)) is not { } last || last.AttemptId != attemptId)
        {
            return null;
        }

        foreach (var delivery in last.Deliveries)
        {
            lock (delivery.State.Queue.Gate)
            {
                if (!delivery.State.IsInFlight(delivery.Message.Offset, delivery.Token))
                {
                    return null;
                }
            }
        }

        return last.Deliveries;
    }

    /// <summary>Pops from one queue; returns whether it still has something deliverable.</summary>
    private static bool PopQueue(QueueConsumerState state, int max, in DeliveryOptions options, List<Delivery> output)
    {
        lock (state.Queue.Gate)
        {
            state.Pop(max - output.Count, options, output);
            return state.HasDeliverable();
        }
    }

    /// <summary>Pops from every queue in turn until the batch is full; returns whether it stopped with the batch full.</summary>
    private static bool PopAnyQueue(TopicConsumer consumer, int start, int max, in DeliveryOptions options, List<Delivery> output)
    {
        var states = consumer.States;
        for (var i = 0; i < states.Length && output.Count < max; i++)
        {
            var state = states[(start + i) % states.Length];
            lock (state.Queue.Gate)
            {
                state.Pop(max - output.Count, options, output);
            }
        }

        return output.Count >= max;
    }

    private void PopLite(ReceiveRequest request, in DeliveryOptions options, List<Delivery> output)
    {
        var client = request.Client;
        var budget = client.LiteEvents.Count;
        while (output.Count < request.BatchSize && budget-- > 0 && client.LiteEvents.TryTake(out var queue))
        {
            if (queue.Removed || !ReferenceEquals(queue.Topic, request.Topic))
            {
                continue;
            }

            // Checked under the gate: a subscription and its offset reset happen together under it.
            var more = false;
            lock (queue.Gate)
            {
                if (!queue.Removed && LiteSubscriptionRegistry.IsSubscribed(client, queue.LiteTopic!))
                {
                    var state = queue.FindConsumer(request.Group) ?? AddLiteState(queue, request.Group);
                    state.Pop(request.BatchSize - output.Count, options, output);
                    more = state.HasDeliverable();
                }
            }

            if (more)
            {
                client.LiteEvents.Add(queue);
            }
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

    private void AfterPop(ReceiveRequest request, List<Delivery> output)
    {
        var now = NowMs;
        foreach (var delivery in output)
        {
            _expiries.Schedule(new Expiry(delivery.State, delivery.Message.Offset, delivery.Token), delivery.InvisibleUntilMs);

            double? latency = delivery.Attempt == 1 ? Math.Max(0, now - delivery.Message.StoreTimeMs) / 1000.0 : null;
            _metrics.MessageDelivered(request.Topic.Name, request.Group.Name, delivery.Message.Size, delivery.Attempt, latency);
        }

        if (request.AttemptId is { Length: > 0 } attemptId)
        {
            request.Client.RememberAttempt(AttemptKey(request), new ReceiveAttempt(attemptId, [.. output]));
        }
    }

    private static ReceiveAttemptKey AttemptKey(ReceiveRequest request) => new(
        request.Group.Id,
        request.Topic.Name,
        !request.Lite && request.QueueId >= 0 && request.QueueId < request.Topic.Queues.Length ? request.QueueId : -1);

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

    private void OnExpired(List<Expiry> due)
    {
        var now = NowMs;
        foreach (var expiry in due)
        {
            try
            {
                var state = expiry.State;
                ExpiryOutcome outcome;
                StoredMessage? deadLetter;
                long renewedUntil;
                lock (state.Queue.Gate)
                {
                    outcome = state.Expire(expiry.Offset, expiry.Token, now, _renewal, out deadLetter, out renewedUntil);
                    if (outcome == ExpiryOutcome.DeadLetter)
                    {
                        _topics.FreeSettled(state.Queue, expiry.Offset);
                        _topics.TrimSettled(state.Queue);
                    }
                }

                switch (outcome)
                {
                    case ExpiryOutcome.Renewed:
                        _expiries.Schedule(expiry, renewedUntil);
                        break;
                    case ExpiryOutcome.Redeliver:
                        NotifyDeliverable(state);
                        break;
                    case ExpiryOutcome.DeadLetter:
                        WriteDeadLetter(deadLetter!, state.Group, state.Queue);
                        NotifyDeliverable(state);
                        break;
                }
            }
            catch (Exception exception)
            {
                Log.ExpiryFailed(_logger, exception, expiry.State.Queue.DisplayName);
            }
        }
    }

    /// <summary>Whether <paramref name="owner"/> is alive and still subscribes the lite topic. Call with the queue's gate held.</summary>
    private static bool StillHolds(ClientSession? owner, string liteTopic) =>
        owner is not null && owner.IsAlive && LiteSubscriptionRegistry.IsSubscribed(owner, liteTopic);

    private static bool MayRenew(ClientSession? owner, BrokerQueue queue)
    {
        if (owner is null || !owner.IsAlive)
        {
            return false;
        }

        return queue.LiteTopic is null || (owner.Group is not null && LiteSubscriptionRegistry.IsSubscribed(owner, queue.LiteTopic));
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

    private void DispatchLite(ConsumerGroup group, BrokerQueue queue)
    {
        foreach (var client in _subscriptions.Subscribers(group, queue.LiteTopic!))
        {
            client.LiteEvents.Add(queue);
            client.Signal.Notify();
        }
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

    private readonly record struct Expiry(QueueConsumerState State, long Offset, long Token);
}
