using VoiceAgent.Broker.Consumption;
using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.Tests.Broker;

public sealed class LongPollWakeTests
{
    private static readonly TimeSpan LongPoll = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task AReceiveForAnAssignedQueueDoesNotTakeAnotherQueuesMessage()
    {
        using var broker = new EngineHarness(options => options.Topics.Add("fifo2:FIFO:queues=2"));
        var consumer = broker.Connect("c1", ClientType.PushConsumer, "ordered", "fifo2");
        broker.SendOk("fifo2", "for-queue-1", messageGroup: "g-1", queueId: 1);

        Assert.Empty(await broker.ReceiveAsync(consumer, "ordered", "fifo2", queueId: 0));
        var delivery = Assert.Single(await broker.ReceiveAsync(consumer, "ordered", "fifo2", queueId: 1));
        Assert.Equal("for-queue-1", EngineHarness.Body(delivery));
    }

    [Fact]
    public async Task ALongPollOnAnAssignedQueueSleepsThroughArrivalsOnOtherQueues()
    {
        using var broker = new EngineHarness(options => options.Topics.Add("fifo2:FIFO:queues=2"));
        var consumer = broker.Connect("c1", ClientType.PushConsumer, "ordered", "fifo2");
        var waiters = Consumer(broker, "fifo2").WaitersOf(0);

        var polling = broker.ReceiveAsync(consumer, "ordered", "fifo2", queueId: 0, poll: LongPoll);
        await Eventually.TrueAsync(() => waiters.Count == 1, TimeSpan.FromSeconds(10), "the long poll enlists on queue 0");
        broker.SendOk("fifo2", "for-queue-1", messageGroup: "g-1", queueId: 1);
        broker.SendOk("fifo2", "for-queue-0", messageGroup: "g-0", queueId: 0);

        var delivery = Assert.Single(await polling);
        Assert.Equal("for-queue-0", EngineHarness.Body(delivery));
        Assert.Equal("for-queue-1", EngineHarness.Body(Assert.Single(await broker.ReceiveAsync(consumer, "ordered", "fifo2", queueId: 1))));
    }

    [Fact]
    public async Task OneArrivalWakesOneLongPollOfItsQueue()
    {
        using var broker = new EngineHarness(options => options.Topics.Add("fifo2:FIFO:queues=2"));
        var consumer = broker.Connect("c1", ClientType.PushConsumer, "ordered", "fifo2");
        var waiters = Consumer(broker, "fifo2").WaitersOf(0);
        var polls = Enumerable.Range(0, 3).Select(_ => broker.ReceiveAsync(consumer, "ordered", "fifo2", queueId: 0, poll: LongPoll)).ToList();
        await Eventually.TrueAsync(() => waiters.Count == 3, TimeSpan.FromSeconds(10), "three long polls enlist on queue 0");

        broker.SendOk("fifo2", "one", messageGroup: "g-0", queueId: 0);

        var answered = await Task.WhenAny(polls).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("one", EngineHarness.Body(Assert.Single(await answered)));
        Assert.Equal(2, waiters.Count);
        Assert.Equal(1, polls.Count(poll => poll.IsCompleted));
    }

    [Fact]
    public async Task AReceiveOfAnUnorderedGroupNamingAQueueStillTakesFromEveryQueue()
    {
        using var broker = new EngineHarness();
        var consumer = broker.Connect("c1", ClientType.SimpleConsumer, "plain", "normal");
        broker.SendOk("normal", "on-queue-3", queueId: 3);

        var delivery = Assert.Single(await broker.ReceiveAsync(consumer, "plain", "normal", queueId: 0));
        Assert.Equal("on-queue-3", EngineHarness.Body(delivery));
    }

    [Fact]
    public void AWakeGoesToTheOldestWaiterOnlyAndAWithdrawnWaiterKnowsWhetherItWasWoken()
    {
        var waiters = new PollWaiters();
        var first = waiters.Enlist();
        var second = waiters.Enlist();

        Assert.True(waiters.WakeOne());
        Assert.True(first.Value.Task.IsCompletedSuccessfully);
        Assert.False(second.Value.Task.IsCompleted);
        Assert.True(waiters.Withdraw(first));
        Assert.False(waiters.Withdraw(second));
        Assert.False(waiters.WakeOne());
        Assert.False(second.Value.Task.IsCompleted);
    }

    private static TopicConsumer Consumer(EngineHarness broker, string topic) => Assert.Single(broker.Core.Topics.Find(topic)!.Consumers);
}
