using Google.Protobuf.WellKnownTypes;
using VoiceAgent.Broker.Clients;
using VoiceAgent.Broker.Lite;
using VoiceAgent.Broker.Storage;
using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.Broker.Consumption;

// The receive path: long polls, pops from queues and lite topics, attempt-id replay, and the delivered form of a message.
internal sealed partial class DeliveryEngine
{
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
            return state.AdmitNewAndCheckDeliverable();
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
                    more = state.AdmitNewAndCheckDeliverable();
                }
            }

            if (more)
            {
                client.LiteEvents.Add(queue);
            }
        }
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
}
