using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using VoiceAgent.RocketMQ;
using VoiceAgent.Tests.RocketMQ.Fakes;

namespace VoiceAgent.Tests.RocketMQ;

public sealed class ConsumeServiceTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private static readonly ExponentialBackoffRetryPolicy ThreeAttempts = new(3, TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(20), 2);

    [Fact]
    public async Task FifoConsumesEachGroupStrictlyInOrderAndSettlesBeforeTheNextMessage()
    {
        var queue = new RecordingProcessQueue();
        var running = new ConcurrentDictionary<string, int>();
        var overlapped = false;
        var service = Fifo(queue, async (message, _) =>
        {
            if (running.AddOrUpdate(message.MessageGroup!, 1, (_, n) => n + 1) > 1)
            {
                overlapped = true;
            }

            queue.Events.Enqueue($"handle:{message.MessageId}");
            await Task.Yield();
            running.AddOrUpdate(message.MessageGroup!, 0, (_, n) => n - 1);
            return ConsumeResult.Success;
        });

        var batch = new List<MessageView>();
        for (var i = 0; i < 5; i++)
        {
            foreach (var group in new[] { "g1", "g2", "g3" })
            {
                batch.Add(RecordingProcessQueue.Message($"{group}-{i}", group));
            }
        }

        service.Consume(queue, batch.Take(9).ToList());
        service.Consume(queue, batch.Skip(9).ToList());
        await queue.WaitForSettlementsAsync(15);

        Assert.False(overlapped);
        var events = queue.Events.ToList();
        foreach (var group in new[] { "g1", "g2", "g3" })
        {
            var expected = Enumerable.Range(0, 5).SelectMany(i => new[] { $"handle:{group}-{i}", $"ack:{group}-{i}" }).ToList();
            Assert.Equal(expected, events.Where(e => e.Contains($":{group}-", StringComparison.Ordinal)).ToList());
        }
    }

    [Fact]
    public async Task FifoRunsDifferentGroupsInParallel()
    {
        var queue = new RecordingProcessQueue();
        var secondGroupStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var service = Fifo(queue, async (message, _) =>
        {
            if (message.MessageGroup == "g2")
            {
                secondGroupStarted.TrySetResult();
                return ConsumeResult.Success;
            }

            // g1 can only finish if g2 runs while g1 is still in its handler.
            await secondGroupStarted.Task.WaitAsync(Timeout);
            return ConsumeResult.Success;
        });

        service.Consume(queue, [RecordingProcessQueue.Message("a", "g1"), RecordingProcessQueue.Message("b", "g2")]);

        await queue.WaitForSettlementsAsync(2);
        Assert.Equal(["a", "b"], queue.SettlementsOf("ack").Order());
    }

    [Fact]
    public async Task WithoutTheAcceleratorAQueueIsConsumedOneMessageAtATime()
    {
        var queue = new RecordingProcessQueue();
        var running = 0;
        var maxRunning = 0;
        var service = new FifoConsumeService(Invoker(async (_, _) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref maxRunning, now);
            await Task.Yield();
            Interlocked.Decrement(ref running);
            return ConsumeResult.Success;
        }), () => ThreeAttempts, isLite: false, _ => null);

        service.Consume(queue, Enumerable.Range(0, 10).Select(i => RecordingProcessQueue.Message($"m{i}", $"g{i % 3}")).ToList());

        await queue.WaitForSettlementsAsync(10);
        Assert.Equal(1, maxRunning);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"m{i}"), queue.SettlementsOf("ack"));
    }

    [Fact]
    public async Task FifoRetriesLocallyWithBackoffThenDeadLettersAndOnlyThenMovesOn()
    {
        var queue = new RecordingProcessQueue();
        var attempts = new ConcurrentQueue<int>();
        var service = Fifo(queue, (message, _) =>
        {
            queue.Events.Enqueue($"handle:{message.MessageId}");
            if (message.MessageId == "poison")
            {
                attempts.Enqueue(message.DeliveryAttempt);
                return ValueTask.FromResult(ConsumeResult.Failure);
            }

            return ValueTask.FromResult(ConsumeResult.Success);
        });

        service.Consume(queue, [RecordingProcessQueue.Message("poison", "g"), RecordingProcessQueue.Message("next", "g")]);

        await queue.WaitForSettlementsAsync(2);
        Assert.Equal([1, 2, 3], attempts);
        Assert.Equal(["handle:poison", "handle:poison", "handle:poison", "dlq:poison", "handle:next", "ack:next"], queue.Events);
    }

    [Fact]
    public async Task AHandlerThatThrowsCountsAsFailureAndSucceedsOnRetry()
    {
        var queue = new RecordingProcessQueue();
        var calls = 0;
        var service = Fifo(queue, (_, _) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                throw new InvalidOperationException("transient");
            }

            return ValueTask.FromResult(ConsumeResult.Success);
        });

        service.Consume(queue, [RecordingProcessQueue.Message("m", "g")]);

        await queue.WaitForSettlementsAsync(1);
        Assert.Equal(2, calls);
        Assert.Equal(["m"], queue.SettlementsOf("ack"));
    }

    [Fact]
    public async Task ACorruptedFifoMessageGoesToTheDeadLetterQueueWithoutReachingTheHandler()
    {
        var queue = new RecordingProcessQueue();
        var handled = new ConcurrentQueue<string>();
        var service = Fifo(queue, (message, _) =>
        {
            handled.Enqueue(message.MessageId);
            return ValueTask.FromResult(ConsumeResult.Success);
        });

        service.Consume(queue, [RecordingProcessQueue.Message("bad", "g", corrupted: true), RecordingProcessQueue.Message("good", "g")]);

        await queue.WaitForSettlementsAsync(2);
        Assert.Equal(["good"], handled);
        Assert.Equal(["bad"], queue.SettlementsOf("dlq"));
        Assert.Equal(["good"], queue.SettlementsOf("ack"));
    }

    [Fact]
    public async Task ALiteSuspensionHandsBackTheRestOfThatLiteTopicsBatchOnly()
    {
        var queue = new RecordingProcessQueue();
        var handled = new ConcurrentQueue<string>();
        var service = new FifoConsumeService(Invoker((message, _) =>
        {
            handled.Enqueue(message.MessageId);
            return ValueTask.FromResult(message.MessageId == "a1" ? ConsumeResult.Suspend(TimeSpan.FromSeconds(2)) : ConsumeResult.Success);
        }), () => ThreeAttempts, isLite: true, m => m.LiteTopic);

        service.Consume(queue,
        [
            RecordingProcessQueue.Message("a1", liteTopic: "A"),
            RecordingProcessQueue.Message("b1", liteTopic: "B"),
            RecordingProcessQueue.Message("a2", liteTopic: "A"),
            RecordingProcessQueue.Message("a3", liteTopic: "A"),
        ]);

        await queue.WaitForSettlementsAsync(4);
        Assert.Equal(["a1", "b1"], handled.Order());
        Assert.Equal(["a1", "a2", "a3"], queue.SettlementsOf("suspend"));
        Assert.All(queue.Settlements.Where(s => s.Action == "suspend"), s => Assert.Equal(TimeSpan.FromSeconds(2), s.Duration));
        Assert.Equal(["b1"], queue.SettlementsOf("ack"));
    }

    [Fact]
    public async Task StandardConsumptionAcksSuccessAndNacksFailureWithTheBackoffDelay()
    {
        var queue = new RecordingProcessQueue();
        var service = new StandardConsumeService(Invoker((message, _) => message.MessageId switch
        {
            "ok" => ValueTask.FromResult(ConsumeResult.Success),
            "suspend" => ValueTask.FromResult(ConsumeResult.Suspend(TimeSpan.FromSeconds(1))),
            _ => throw new InvalidOperationException("failed"),
        }), () => ThreeAttempts, isLite: false);

        service.Consume(queue, [RecordingProcessQueue.Message("ok"), RecordingProcessQueue.Message("bad"), RecordingProcessQueue.Message("suspend")]);

        await queue.WaitForSettlementsAsync(3);
        Assert.Equal(["ok"], queue.SettlementsOf("ack"));
        Assert.Equal(["bad", "suspend"], queue.SettlementsOf("nack").Order());
        Assert.All(queue.Settlements.Where(s => s.Action == "nack"), s => Assert.Equal(ThreeAttempts.GetNextAttemptDelay(1), s.Duration));
    }

    [Fact]
    public async Task HandlerConcurrencyIsBounded()
    {
        var queue = new RecordingProcessQueue();
        var running = 0;
        var maxRunning = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var service = new StandardConsumeService(Invoker(async (_, _) =>
        {
            InterlockedMax(ref maxRunning, Interlocked.Increment(ref running));
            await release.Task.WaitAsync(Timeout);
            Interlocked.Decrement(ref running);
            return ConsumeResult.Success;
        }, concurrency: 2), () => ThreeAttempts, isLite: false);

        service.Consume(queue, Enumerable.Range(0, 6).Select(i => RecordingProcessQueue.Message($"m{i}")).ToList());
        await Eventually.TrueAsync(() => Volatile.Read(ref running) == 2, "two handlers running");
        release.SetResult();

        await queue.WaitForSettlementsAsync(6);
        Assert.Equal(2, maxRunning);
    }

    private static FifoConsumeService Fifo(RecordingProcessQueue queue, MessageHandler handler) =>
        new(Invoker(handler), () => ThreeAttempts, isLite: false, m => m.MessageGroup);

    private static ConsumeInvoker Invoker(MessageHandler handler, int concurrency = 20) =>
        new(handler, concurrency, "client", "group", NullLogger.Instance, CancellationToken.None);

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
