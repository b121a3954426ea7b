using System.Collections.Concurrent;
using VoiceAgent.RocketMQ;
using VoiceAgent.RocketMQ.Protocol;
using VoiceAgent.Tests.RocketMQ.Fakes;
using FilterExpression = VoiceAgent.RocketMQ.FilterExpression;
using MessageType = VoiceAgent.RocketMQ.Protocol.MessageType;

namespace VoiceAgent.Tests.RocketMQ;

public sealed class PushConsumerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task FifoGroupsAreHandledInOrderAndAckedAfterTheHandler()
    {
        await using var server = await FakeMessagingServer.StartAsync(s =>
        {
            s.Topics["uplink"] = (MessageType.Fifo, 2);
            s.Fifo = true;
            s.DeliverPerQueue = true;
        });
        var groups = new[] { "s1", "s2", "s3", "s4" };
        foreach (var i in Enumerable.Range(0, 10))
        {
            foreach (var group in groups)
            {
                server.Deliver(server.CreateDelivery("uplink", $"{group}:{i}", messageGroup: group, queueId: SipHash24.QueueIndex(group, 2)));
            }
        }

        var handled = new ConcurrentQueue<string>();
        var acked = new ConcurrentDictionary<string, bool>();
        var ackedBeforeHandled = 0;
        server.AckMessage = (request, _) =>
        {
            foreach (var entry in request.Entries)
            {
                acked[entry.MessageId] = true;
            }

            var response = new AckMessageResponse { Status = FakeMessagingServer.Ok() };
            return Task.FromResult(response);
        };
        var running = new ConcurrentDictionary<string, int>();
        var overlapInGroup = false;
        await using var client = TestClients.Create(server);
        await using var consumer = await client.CreatePushConsumerAsync(Options("processors", "uplink"), async (message, _) =>
        {
            if (acked.ContainsKey(message.MessageId))
            {
                Interlocked.Increment(ref ackedBeforeHandled);
            }

            if (running.AddOrUpdate(message.MessageGroup!, 1, (_, n) => n + 1) > 1)
            {
                overlapInGroup = true;
            }

            handled.Enqueue(System.Text.Encoding.UTF8.GetString(message.Body.Span));
            await Task.Yield();
            running.AddOrUpdate(message.MessageGroup!, 0, (_, n) => n - 1);
            return ConsumeResult.Success;
        }).WaitAsync(Timeout);

        await Eventually.TrueAsync(() => acked.Count == 40, "all 40 messages acked");

        Assert.False(overlapInGroup);
        Assert.Equal(0, ackedBeforeHandled);
        foreach (var group in groups)
        {
            Assert.Equal(Enumerable.Range(0, 10).Select(i => $"{group}:{i}"), handled.Where(h => h.StartsWith(group + ":", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public async Task ReceivesUseAutoRenewTheServersBatchSizeAndLongPollingAndReuseTheAttemptIdUntilMessagesCome()
    {
        await using var server = await FakeMessagingServer.StartAsync(s =>
        {
            s.Topics["orders"] = (MessageType.Normal, 1);
            s.ReceiveBatchSize = 8;
            s.LongPollingTimeout = TimeSpan.FromMilliseconds(200);
        });
        await using var client = TestClients.Create(server);
        var handled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var consumer = await client.CreatePushConsumerAsync(Options("billing", "orders"), (_, _) =>
        {
            handled.TrySetResult();
            return ValueTask.FromResult(ConsumeResult.Success);
        }).WaitAsync(Timeout);

        await Eventually.TrueAsync(() => server.Requests<ReceiveMessageRequest>().Count >= 3, "three empty long polls");
        server.Deliver(server.CreateDelivery("orders", "m"));
        await handled.Task.WaitAsync(Timeout);
        var afterMessage = server.Requests<ReceiveMessageRequest>().Count;
        await Eventually.TrueAsync(() => server.Requests<ReceiveMessageRequest>().Count > afterMessage + 1, "receives after the message");

        var requests = server.Requests<ReceiveMessageRequest>();
        Assert.All(requests, r =>
        {
            Assert.True(r.AutoRenew);
            Assert.Null(r.InvisibleDuration);
            Assert.Equal(8, r.BatchSize);
            Assert.Equal(TimeSpan.FromMilliseconds(200), r.LongPollingTimeout.ToTimeSpan());
            Assert.Equal("billing", r.Group.Name);
        });
        Assert.Equal(requests[0].AttemptId, requests[2].AttemptId);
        Assert.NotEqual(requests[0].AttemptId, requests[^1].AttemptId);
        Assert.All(requests, r => Assert.True(Guid.TryParse(r.AttemptId, out _)));
    }

    [Fact]
    public async Task FifoFailuresAreRetriedLocallyThenDeadLettered()
    {
        await using var server = await FakeMessagingServer.StartAsync(s =>
        {
            s.Topics["uplink"] = (MessageType.Fifo, 1);
            s.Fifo = true;
        });
        server.Deliver(server.CreateDelivery("uplink", "poison", messageGroup: "g"));
        server.Deliver(server.CreateDelivery("uplink", "after", messageGroup: "g"));
        var attempts = new ConcurrentQueue<(string Body, int Attempt)>();
        await using var client = TestClients.Create(server);
        await using var consumer = await client.CreatePushConsumerAsync(Options("processors", "uplink"), (message, _) =>
        {
            var body = System.Text.Encoding.UTF8.GetString(message.Body.Span);
            attempts.Enqueue((body, message.DeliveryAttempt));
            return ValueTask.FromResult(body == "poison" ? ConsumeResult.Failure : ConsumeResult.Success);
        }).WaitAsync(Timeout);

        await Eventually.TrueAsync(() => server.Requests<AckMessageRequest>().Count == 1, "the next message acked");

        Assert.Equal([("poison", 1), ("poison", 2), ("poison", 3), ("after", 1)], attempts);
        var dlq = Assert.Single(server.Requests<ForwardMessageToDeadLetterQueueRequest>());
        Assert.Equal((3, 3, "processors", "uplink"), (dlq.DeliveryAttempt, dlq.MaxDeliveryAttempts, dlq.Group.Name, dlq.Topic.Name));
        Assert.False(dlq.HasLiteTopic);
        Assert.Empty(server.Requests<ChangeInvisibleDurationRequest>());
    }

    [Fact]
    public async Task PlainFailuresAreHandedBackWithTheBackoffDelay()
    {
        await using var server = await FakeMessagingServer.StartAsync(s => s.Topics["orders"] = (MessageType.Normal, 1));
        server.Deliver(server.CreateDelivery("orders", "bad"));
        await using var client = TestClients.Create(server);
        await using var consumer = await client.CreatePushConsumerAsync(
            Options("billing", "orders"),
            (_, _) => throw new InvalidOperationException("handler bug")).WaitAsync(Timeout);

        await Eventually.TrueAsync(() => server.Requests<ChangeInvisibleDurationRequest>().Count == 1, "the message handed back");

        var change = server.Requests<ChangeInvisibleDurationRequest>()[0];
        Assert.Equal(TimeSpan.FromMilliseconds(10), change.InvisibleDuration.ToTimeSpan());
        Assert.False(change.HasSuspend);
        Assert.Empty(server.Requests<AckMessageRequest>());
        Assert.Empty(server.Requests<ForwardMessageToDeadLetterQueueRequest>());
    }

    [Fact]
    public async Task ACorruptedFifoMessageIsDeadLetteredWithoutReachingTheHandler()
    {
        await using var server = await FakeMessagingServer.StartAsync(s =>
        {
            s.Topics["uplink"] = (MessageType.Fifo, 1);
            s.Fifo = true;
        });
        var corrupted = server.CreateDelivery("uplink", "original", messageGroup: "g");
        corrupted.Body = Google.Protobuf.ByteString.CopyFromUtf8("tampered");
        server.Deliver(corrupted);
        server.Deliver(server.CreateDelivery("uplink", "fine", messageGroup: "g"));
        var handled = new ConcurrentQueue<string>();
        await using var client = TestClients.Create(server);
        await using var consumer = await client.CreatePushConsumerAsync(Options("processors", "uplink"), (message, _) =>
        {
            handled.Enqueue(System.Text.Encoding.UTF8.GetString(message.Body.Span));
            return ValueTask.FromResult(ConsumeResult.Success);
        }).WaitAsync(Timeout);

        await Eventually.TrueAsync(() => server.Requests<AckMessageRequest>().Count == 1, "the good message acked");

        Assert.Equal(["fine"], handled);
        Assert.Equal(corrupted.SystemProperties.MessageId, Assert.Single(server.Requests<ForwardMessageToDeadLetterQueueRequest>()).MessageId);
    }

    [Fact]
    public async Task FlowControlOnReceiveIsRetriedAfterAShortBackoffWithTheSameAttemptId()
    {
        await using var server = await FakeMessagingServer.StartAsync(s => s.Topics["orders"] = (MessageType.Normal, 1));
        var throttled = 0;
        var receive = server.ReceiveMessage;
        server.ReceiveMessage = (request, responses, context) => Interlocked.Increment(ref throttled) <= 5
            ? FakeMessagingServer.WriteReceiveAsync(responses, [], FakeMessagingServer.Error(Code.TooManyRequests, "polling full"))
            : receive(request, responses, context);
        server.Deliver(server.CreateDelivery("orders", "m"));
        var handled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var client = TestClients.Create(server, timings: new ClientTimings
        {
            ReceiveFailureDelay = TimeSpan.FromSeconds(30),
            ReceiveFlowControlDelay = TimeSpan.FromMilliseconds(20),
            QueryAssignmentInterval = TimeSpan.FromSeconds(30),
            SettleRetryDelay = TimeSpan.FromMilliseconds(50),
            ShutdownTimeout = TimeSpan.FromSeconds(5),
        });
        await using var consumer = await client.CreatePushConsumerAsync(Options("billing", "orders"), (_, _) =>
        {
            handled.TrySetResult();
            return ValueTask.FromResult(ConsumeResult.Success);
        }).WaitAsync(Timeout);

        // A 30 s failure backoff would time this out: only the short flow-control backoff lets it finish.
        await handled.Task.WaitAsync(TimeSpan.FromSeconds(15));

        var attemptIds = server.Requests<ReceiveMessageRequest>().Take(6).Select(r => r.AttemptId).Distinct();
        Assert.Single(attemptIds);
    }

    [Fact]
    public async Task ReceivingPausesWhileTheCacheIsFull()
    {
        await using var server = await FakeMessagingServer.StartAsync(s => s.Topics["orders"] = (MessageType.Normal, 1));
        for (var i = 0; i < 10; i++)
        {
            server.Deliver(server.CreateDelivery("orders", $"m{i}"));
        }

        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = 0;
        var options = Options("billing", "orders");
        options.MaxCachedMessageCount = 3;
        await using var client = TestClients.Create(server);
        await using var consumer = await client.CreatePushConsumerAsync(options, async (_, _) =>
        {
            Interlocked.Increment(ref started);
            await release.Task.WaitAsync(Timeout);
            return ConsumeResult.Success;
        }).WaitAsync(Timeout);

        await Eventually.TrueAsync(() => Volatile.Read(ref started) == 3, "three handlers running");
        var assignments = server.CallsOf("QueryAssignment").Count;
        await Eventually.TrueAsync(() => server.CallsOf("QueryAssignment").Count >= assignments + 2, "time for the consumer to try receiving more");

        Assert.Equal(7, server.Undelivered);
        Assert.All(server.Requests<ReceiveMessageRequest>(), r => Assert.InRange(r.BatchSize, 1, 3));
        release.SetResult();
        await Eventually.TrueAsync(() => server.Requests<AckMessageRequest>().Count == 10, "all messages consumed once there is room");
    }

    [Fact]
    public async Task DisposingLetsRunningHandlersFinishAndAckBeforeLeaving()
    {
        await using var server = await FakeMessagingServer.StartAsync(s => s.Topics["orders"] = (MessageType.Normal, 1));
        server.Deliver(server.CreateDelivery("orders", "m"));
        var inHandler = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var client = TestClients.Create(server);
        var consumer = await client.CreatePushConsumerAsync(Options("billing", "orders"), async (_, _) =>
        {
            inHandler.TrySetResult();
            await release.Task.WaitAsync(Timeout);
            return ConsumeResult.Success;
        }).WaitAsync(Timeout);
        await inHandler.Task.WaitAsync(Timeout);

        var disposing = consumer.DisposeAsync().AsTask();
        Assert.False(disposing.IsCompleted);
        release.SetResult();
        await disposing.WaitAsync(Timeout);

        var methods = server.Calls.Select(c => c.Method).ToList();
        Assert.True(methods.IndexOf("AckMessage") >= 0 && methods.IndexOf("AckMessage") < methods.IndexOf("NotifyClientTermination"));
    }

    [Fact]
    public async Task AcksAreRetriedUntilTheServerAcceptsThem()
    {
        await using var server = await FakeMessagingServer.StartAsync(s => s.Topics["orders"] = (MessageType.Normal, 1));
        var failures = 0;
        server.AckMessage = (request, _) => Task.FromResult(new AckMessageResponse
        {
            Status = Interlocked.Increment(ref failures) <= 2 ? FakeMessagingServer.Error(Code.InternalServerError, "busy") : FakeMessagingServer.Ok(),
        });
        server.Deliver(server.CreateDelivery("orders", "m"));
        await using var client = TestClients.Create(server);
        await using var consumer = await client.CreatePushConsumerAsync(Options("billing", "orders"), (_, _) => ValueTask.FromResult(ConsumeResult.Success)).WaitAsync(Timeout);

        await Eventually.TrueAsync(() => server.Requests<AckMessageRequest>().Count == 3, "a third, accepted ack");

        Assert.Single(server.Requests<AckMessageRequest>().Select(r => r.Entries[0].ReceiptHandle).Distinct());
    }

    [Fact]
    public async Task AnAckRefusedForAnExpiredReceiptIsNotRetriedAndFreesTheCache()
    {
        await using var server = await FakeMessagingServer.StartAsync(s => s.Topics["orders"] = (MessageType.Normal, 1));
        server.AckMessage = (_, _) => Task.FromResult(new AckMessageResponse { Status = FakeMessagingServer.Error(Code.InvalidReceiptHandle, "expired") });
        server.Deliver(server.CreateDelivery("orders", "slow"));
        server.Deliver(server.CreateDelivery("orders", "next"));
        var options = Options("billing", "orders");
        options.MaxCachedMessageCount = 1;
        await using var client = TestClients.Create(server);
        await using var consumer = await client.CreatePushConsumerAsync(options, (_, _) => ValueTask.FromResult(ConsumeResult.Success)).WaitAsync(Timeout);

        // With room for one message, the second arrives only once the first has left the cache.
        await Eventually.TrueAsync(() => server.Requests<AckMessageRequest>().Count >= 2, "both messages settled");
        var acks = server.Requests<AckMessageRequest>().Select(a => a.Entries[0].MessageId).ToList();
        Assert.Equal(acks.Distinct(), acks);
    }

    [Fact]
    public async Task QueuesNoLongerAssignedStopBeingPolled()
    {
        await using var server = await FakeMessagingServer.StartAsync(s =>
        {
            s.Topics["orders"] = (MessageType.Normal, 2);
            s.LongPollingTimeout = TimeSpan.FromMilliseconds(100);
        });
        var both = true;
        server.QueryAssignment = (request, _) =>
        {
            var response = new QueryAssignmentResponse { Status = FakeMessagingServer.Ok() };
            foreach (var queue in server.QueuesOf("orders").Where(q => both || q.Id == 1))
            {
                response.Assignments.Add(new Assignment { MessageQueue = queue });
            }

            return Task.FromResult(response);
        };
        await using var client = TestClients.Create(server);
        await using var consumer = await client.CreatePushConsumerAsync(Options("billing", "orders"), (_, _) => ValueTask.FromResult(ConsumeResult.Success)).WaitAsync(Timeout);
        int Polls(int queue) => server.Requests<ReceiveMessageRequest>().Count(r => r.MessageQueue.Id == queue);
        await Eventually.TrueAsync(() => Polls(0) > 0 && Polls(1) > 0, "both queues polled");

        both = false;
        await Eventually.TrueAsync(() => consumer.Engine.AssignedQueues.Count == 1, "queue 0 dropped");
        var queue0 = Polls(0);
        var queue1 = Polls(1);
        await Eventually.TrueAsync(() => Polls(1) >= queue1 + 5, "more polls of queue 1");

        Assert.InRange(Polls(0), queue0, queue0 + 1);
        Assert.Equal(1, Assert.Single(consumer.Engine.AssignedQueues).Id);
    }

    private static PushConsumerOptions Options(string group, string topic) => new()
    {
        ConsumerGroup = group,
        Subscriptions = { [topic] = FilterExpression.All },
    };
}
