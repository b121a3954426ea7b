using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.Tests.Broker;

public sealed class ConsumptionEngineTests
{
    [Fact]
    public async Task ReceivedMessagesCarryDigestHandleAndAttemptAndAckSettlesThem()
    {
        using var broker = new EngineHarness();
        broker.SendOk("normal", "hello");
        var consumer = broker.Connect("c1", ClientType.SimpleConsumer, "plain", "normal");

        var deliveries = await broker.ReceiveAsync(consumer, "plain", "normal");
        var delivery = Assert.Single(deliveries);
        var message = broker.Deliver(delivery);
        Assert.Equal("hello", message.Body.ToStringUtf8());
        Assert.Equal(DigestType.Md5, message.SystemProperties.BodyDigest.Type);
        Assert.Equal(Convert.ToHexString(System.Security.Cryptography.MD5.HashData("hello"u8)), message.SystemProperties.BodyDigest.Checksum);
        Assert.Equal(1, message.SystemProperties.DeliveryAttempt);
        Assert.False(string.IsNullOrEmpty(message.SystemProperties.ReceiptHandle));
        Assert.Equal(MessageType.Normal, message.SystemProperties.MessageType);

        Assert.True(broker.Ack(delivery, "plain").IsOk);
        Assert.Equal(Code.InvalidReceiptHandle, broker.Ack(delivery, "plain").Code);
        Assert.Empty(await broker.ReceiveAsync(consumer, "plain", "normal"));
        Assert.Equal(0, broker.Core.Inspector.StoredBytes);
    }

    [Fact]
    public async Task ARetriedAttemptIdGetsItsOwnDeliveriesBackAfterAReceiveOnAnotherQueue()
    {
        using var broker = new EngineHarness(options => options.Topics.Add("fifo2:FIFO:queues=2"));
        var consumer = broker.Connect("c1", ClientType.PushConsumer, "ordered", "fifo2");
        broker.SendOk("fifo2", "a", messageGroup: "g-a", queueId: 0);
        var first = Assert.Single(await broker.ReceiveAsync(consumer, "ordered", "fifo2", queueId: 0, attemptId: "A0"));
        broker.SendOk("fifo2", "b", messageGroup: "g-b", queueId: 1);
        Assert.Single(await broker.ReceiveAsync(consumer, "ordered", "fifo2", queueId: 1, attemptId: "A1"));
        broker.SendOk("fifo2", "c", messageGroup: "g-c", queueId: 0);

        // The response to A0 was lost: its retry gets the same delivery, not the next message.
        var retried = Assert.Single(await broker.ReceiveAsync(consumer, "ordered", "fifo2", queueId: 0, attemptId: "A0"));
        Assert.Equal(("a", first.Token), (EngineHarness.Body(retried), retried.Token));
    }

    [Fact]
    public async Task AnUnackedMessageComesBackAfterItsInvisibleTimeWithTheNextAttempt()
    {
        using var broker = new EngineHarness();
        broker.SendOk("normal", "again");
        var consumer = broker.Connect("c1", ClientType.SimpleConsumer, "plain", "normal");

        var first = Assert.Single(await broker.ReceiveAsync(consumer, "plain", "normal", invisible: TimeSpan.FromMilliseconds(200)));
        var second = Assert.Single(await broker.ReceiveAsync(consumer, "plain", "normal", poll: TimeSpan.FromSeconds(10)));
        Assert.Equal(first.Message.MessageId, second.Message.MessageId);
        Assert.Equal(2, second.Attempt);
        Assert.Equal(Code.InvalidReceiptHandle, broker.Ack(first, "plain").Code);
        Assert.True(broker.Ack(second, "plain").IsOk);
    }

    [Fact]
    public async Task AMessageGoesToTheDeadLetterTopicAfterTheGroupsLastAttempt()
    {
        using var broker = new EngineHarness(options => options.Groups.Add("fragile:max-attempts=2"));
        broker.SendOk("normal", "poison");
        var consumer = broker.Connect("c1", ClientType.SimpleConsumer, "fragile", "normal");

        Assert.Single(await broker.ReceiveAsync(consumer, "fragile", "normal", invisible: TimeSpan.FromMilliseconds(100)));
        var last = Assert.Single(await broker.ReceiveAsync(consumer, "fragile", "normal", invisible: TimeSpan.FromMilliseconds(100), poll: TimeSpan.FromSeconds(10)));
        Assert.Equal(2, last.Attempt);

        await Eventually.TrueAsync(() => broker.Core.Topics.Find("%DLQ%fragile") is not null, TimeSpan.FromSeconds(10));
        var dlqReader = broker.Connect("c2", ClientType.SimpleConsumer, "dlq-reader", "%DLQ%fragile");
        var dead = Assert.Single(await broker.ReceiveAsync(dlqReader, "dlq-reader", "%DLQ%fragile", poll: TimeSpan.FromSeconds(10)));
        var message = broker.Deliver(dead);
        Assert.Equal("poison", message.Body.ToStringUtf8());
        Assert.Equal("normal", message.SystemProperties.DeadLetterQueue.Topic);
        Assert.Equal(last.Message.MessageId, message.SystemProperties.DeadLetterQueue.MessageId);
        Assert.Empty(await broker.ReceiveAsync(consumer, "fragile", "normal"));
    }

    [Fact]
    public async Task ForwardingToTheDeadLetterQueueSettlesTheMessage()
    {
        using var broker = new EngineHarness();
        broker.SendOk("fifo", "bad", messageGroup: "g1");
        broker.SendOk("fifo", "next", messageGroup: "g1");
        var consumer = broker.Connect("c1", ClientType.PushConsumer, "ordered", "fifo");

        var first = Assert.Single(await broker.ReceiveAsync(consumer, "ordered", "fifo", batch: 1));
        var message = broker.Deliver(first);
        var outcome = broker.Core.Delivery.ForwardToDeadLetter(message.SystemProperties.ReceiptHandle, broker.Core.Groups.Find("ordered")!, "fifo", null);
        Assert.True(outcome.IsOk);

        var next = Assert.Single(await broker.ReceiveAsync(consumer, "ordered", "fifo", poll: TimeSpan.FromSeconds(10)));
        Assert.Equal("next", EngineHarness.Body(next));
        Assert.Equal(1, broker.Core.Topics.Find("%DLQ%ordered")!.Queues[0].Log.Count);
    }

    [Fact]
    public async Task FifoDeliversNothingMoreOfAMessageGroupUntilThePreviousIsAcked()
    {
        using var broker = new EngineHarness();
        broker.SendOk("fifo", "a1", messageGroup: "a");
        broker.SendOk("fifo", "a2", messageGroup: "a");
        broker.SendOk("fifo", "b1", messageGroup: "b");
        broker.SendOk("fifo", "b2", messageGroup: "b");
        var consumer = broker.Connect("c1", ClientType.PushConsumer, "ordered", "fifo");

        var first = await broker.ReceiveAsync(consumer, "ordered", "fifo", batch: 1);
        var second = await broker.ReceiveAsync(consumer, "ordered", "fifo", batch: 1);
        var heads = first.Concat(second).Select(EngineHarness.Body).Order().ToArray();
        Assert.Equal(["a1", "b1"], heads);
        Assert.Empty(await broker.ReceiveAsync(consumer, "ordered", "fifo", batch: 1));

        var a1 = first.Concat(second).Single(delivery => EngineHarness.Body(delivery) == "a1");
        Assert.True(broker.Ack(a1, "ordered").IsOk);
        var next = Assert.Single(await broker.ReceiveAsync(consumer, "ordered", "fifo", batch: 1));
        Assert.Equal("a2", EngineHarness.Body(next));
    }

    [Fact]
    public async Task AFifoMessageThatExpiresIsRedeliveredBeforeTheRestOfItsGroup()
    {
        using var broker = new EngineHarness();
        broker.SendOk("fifo", "1", messageGroup: "s");
        broker.SendOk("fifo", "2", messageGroup: "s");
        var consumer = broker.Connect("c1", ClientType.PushConsumer, "ordered", "fifo");

        Assert.Equal("1", EngineHarness.Body(Assert.Single(await broker.ReceiveAsync(consumer, "ordered", "fifo", batch: 1, invisible: TimeSpan.FromMilliseconds(150)))));
        var again = Assert.Single(await broker.ReceiveAsync(consumer, "ordered", "fifo", batch: 1, poll: TimeSpan.FromSeconds(10)));
        Assert.Equal("1", EngineHarness.Body(again));
        Assert.Equal(2, again.Attempt);
    }

    [Fact]
    public async Task ANonFifoGroupReadsAFifoTopicWithoutBlocking()
    {
        using var broker = new EngineHarness();
        broker.SendOk("fifo", "a1", messageGroup: "a");
        broker.SendOk("fifo", "a2", messageGroup: "a");
        var consumer = broker.Connect("c1", ClientType.SimpleConsumer, "plain", "fifo");
        Assert.Equal(2, (await broker.ReceiveAsync(consumer, "plain", "fifo")).Count);
    }

    [Fact]
    public async Task ATagFilterDeliversOnlyMatchingTagsAndSettlesTheRest()
    {
        using var broker = new EngineHarness();
        var consumer = broker.Connect("c1", ClientType.SimpleConsumer, "billing", "normal");
        broker.SendTagged("normal", "paid", "invoice");
        broker.SendTagged("normal", "ignored", "shipping");
        broker.SendOk("normal", "untagged");
        broker.SendTagged("normal", "refund", "credit");

        var delivered = await broker.ReceiveAsync(consumer, "billing", "normal", tags: "invoice || credit");
        Assert.Equal(["paid", "refund"], delivered.Select(EngineHarness.Body));
        foreach (var delivery in delivered)
        {
            Assert.True(broker.Ack(delivery, "billing").IsOk);
        }

        Assert.Equal(0, broker.Core.Inspector.Groups().Single(group => group.Name == "billing").Backlog.Single().Backlog);
    }

    [Fact]
    public async Task ConsumerGroupsReadIndependently()
    {
        using var broker = new EngineHarness();
        var one = broker.Connect("c1", ClientType.SimpleConsumer, "g-one", "normal");
        var two = broker.Connect("c2", ClientType.SimpleConsumer, "g-two", "normal");
        broker.SendOk("normal", "shared");
        var first = Assert.Single(await broker.ReceiveAsync(one, "g-one", "normal"));
        Assert.True(broker.Ack(first, "g-one").IsOk);
        var second = Assert.Single(await broker.ReceiveAsync(two, "g-two", "normal"));
        Assert.Equal("shared", EngineHarness.Body(second));
        Assert.Equal(Code.InvalidReceiptHandle, broker.Ack(second, "g-one").Code);
    }

    [Fact]
    public async Task ALongPollWakesUpWhenAMessageArrives()
    {
        using var broker = new EngineHarness();
        var consumer = broker.Connect("c1", ClientType.SimpleConsumer, "plain", "normal");
        broker.SendOk("normal", "warmup");
        Assert.True(broker.Ack(Assert.Single(await broker.ReceiveAsync(consumer, "plain", "normal")), "plain").IsOk);

        var waiting = broker.ReceiveAsync(consumer, "plain", "normal", poll: TimeSpan.FromSeconds(20));
        await Task.Yield();
        broker.SendOk("normal", "late");
        var started = DateTime.UtcNow;
        var delivery = Assert.Single(await waiting);
        Assert.Equal("late", EngineHarness.Body(delivery));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task AnEmptyLongPollAnswersAfterItsTimeout()
    {
        using var broker = new EngineHarness();
        var consumer = broker.Connect("c1", ClientType.SimpleConsumer, "plain", "normal");
        var started = DateTime.UtcNow;
        Assert.Empty(await broker.ReceiveAsync(consumer, "plain", "normal", poll: TimeSpan.FromMilliseconds(300)));
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(250));
    }

    [Fact]
    public async Task ChangingTheInvisibleTimeIssuesANewHandleAndRetiresTheOldOne()
    {
        using var broker = new EngineHarness();
        broker.SendOk("normal", "later");
        var consumer = broker.Connect("c1", ClientType.SimpleConsumer, "plain", "normal");
        var delivery = Assert.Single(await broker.ReceiveAsync(consumer, "plain", "normal"));
        var handle = broker.Deliver(delivery).SystemProperties.ReceiptHandle;
        var group = broker.Core.Groups.Find("plain")!;

        var outcome = broker.Core.Delivery.ChangeInvisibleTime(handle, group, "normal", null, TimeSpan.FromMilliseconds(100), suspend: false, out var newHandle);
        Assert.True(outcome.IsOk);
        Assert.NotEqual(handle, newHandle);
        Assert.Equal(Code.InvalidReceiptHandle, broker.Core.Delivery.Ack(handle, group, "normal", null).Code);

        var again = Assert.Single(await broker.ReceiveAsync(consumer, "plain", "normal", poll: TimeSpan.FromSeconds(10)));
        Assert.Equal(2, again.Attempt);
    }

    [Fact]
    public async Task ForeignAndMalformedHandlesAreRefused()
    {
        using var broker = new EngineHarness();
        broker.SendOk("normal", "x");
        var consumer = broker.Connect("c1", ClientType.SimpleConsumer, "plain", "normal");
        var delivery = Assert.Single(await broker.ReceiveAsync(consumer, "plain", "normal"));
        var handle = broker.Deliver(delivery).SystemProperties.ReceiptHandle;

        Assert.Equal(Code.InvalidReceiptHandle, broker.Core.Delivery.Ack("garbage", broker.Core.Groups.Find("plain")!, "normal", null).Code);
        Assert.Equal(Code.InvalidReceiptHandle, broker.Core.Delivery.Ack(handle, broker.Core.Groups.GetOrCreate("other"), "normal", null).Code);
        Assert.Equal(Code.InvalidReceiptHandle, broker.Core.Delivery.Ack(handle, broker.Core.Groups.Find("plain")!, "fifo", null).Code);
        Assert.True(broker.Core.Delivery.Ack(handle, broker.Core.Groups.Find("plain")!, "normal", null).IsOk);
    }

    [Fact]
    public async Task AutoRenewedMessagesOfAClientThatLeavesAreRedelivered()
    {
        using var broker = new EngineHarness();
        broker.SendOk("normal", "orphan");
        var leaving = broker.Connect("c1", ClientType.PushConsumer, "plain", "normal");
        Assert.Single(await broker.ReceiveAsync(leaving, "plain", "normal", invisible: TimeSpan.FromMinutes(1), autoRenew: true));
        var staying = broker.Connect("c2", ClientType.PushConsumer, "plain", "normal");
        Assert.Empty(await broker.ReceiveAsync(staying, "plain", "normal"));

        broker.Core.Lifecycle.Terminate(leaving);
        var redelivered = Assert.Single(await broker.ReceiveAsync(staying, "plain", "normal", autoRenew: true, poll: TimeSpan.FromSeconds(10)));
        Assert.Equal("orphan", EngineHarness.Body(redelivered));
        Assert.Equal(2, redelivered.Attempt);
    }

    [Fact]
    public async Task AReleasedDeliveryDoesNotCountAsAnAttempt()
    {
        using var broker = new EngineHarness();
        broker.SendOk("normal", "lost in transit");
        var consumer = broker.Connect("c1", ClientType.PushConsumer, "plain", "normal");
        var lost = await broker.ReceiveAsync(consumer, "plain", "normal");
        broker.Core.Delivery.ReleaseUndelivered(lost);
        var again = Assert.Single(await broker.ReceiveAsync(consumer, "plain", "normal"));
        Assert.Equal(1, again.Attempt);
    }

    [Fact]
    public async Task DelayedMessagesAppearAtTheirDeliveryTime()
    {
        using var broker = new EngineHarness();
        var due = DateTime.UtcNow.AddMilliseconds(400);
        var entry = broker.Send("delay", "tick", edit: message => message.SystemProperties.DeliveryTimestamp = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(due));
        Assert.Equal(Code.Ok, entry.Status.Code);
        var consumer = broker.Connect("c1", ClientType.SimpleConsumer, "plain", "delay");
        Assert.Empty(await broker.ReceiveAsync(consumer, "plain", "delay"));
        var delivered = Assert.Single(await broker.ReceiveAsync(consumer, "plain", "delay", poll: TimeSpan.FromSeconds(10)));
        Assert.True(DateTime.UtcNow >= due.AddMilliseconds(-50));
        Assert.Equal("tick", EngineHarness.Body(delivered));
    }

    [Fact]
    public async Task SettledMessagesAreDroppedFromMemory()
    {
        using var broker = new EngineHarness();
        var consumer = broker.Connect("c1", ClientType.SimpleConsumer, "plain", "normal");
        await broker.ReceiveAsync(consumer, "plain", "normal");
        for (var i = 0; i < 100; i++)
        {
            broker.SendOk("normal", new string('x', 1000));
        }

        Assert.True(broker.Core.Inspector.StoredBytes >= 100_000);
        var received = 0;
        while (received < 100)
        {
            foreach (var delivery in await broker.ReceiveAsync(consumer, "plain", "normal"))
            {
                Assert.True(broker.Ack(delivery, "plain").IsOk);
                received++;
            }
        }

        Assert.Equal(0, broker.Core.Inspector.StoredBytes);
    }
}
