using System.Text;
using VoiceAgent.RocketMQ;
using VoiceAgent.Tests.Broker;

namespace VoiceAgent.Tests.Integration;

/// <summary>Our producer and simple consumer against our broker: what a sender and a polling reader see.</summary>
public sealed class ProducerAndSimpleConsumerTests
{
    private static readonly TimeSpan Timeout = IntegrationBroker.Timeout;

    [Fact]
    public async Task AProducerSendsNormalFifoAndLiteMessagesAndASimpleConsumerReceivesAndAcksThem()
    {
        await using var broker = await IntegrationBroker.StartAsync();
        var producer = await broker.CreateProducerAsync("orders", "uplink", "downlink");
        var sent = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var receipt = await producer.SendAsync(Message.CreateBuilder()
                .SetTopic("orders").SetBody(Encoding.UTF8.GetBytes($"order-{i}")).SetTag("created").SetKeys($"key-{i}")
                .AddProperty("index", i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Build());
            sent.Add(receipt.MessageId);
        }

        await producer.SendAsync(Message.CreateBuilder().SetTopic("orders").SetBody("audit"u8.ToArray()).SetTag("audited").Build());
        var frame = await producer.SendAsync(Message.CreateBuilder().SetTopic("uplink").SetMessageGroup("session-1").SetBody("frame"u8.ToArray()).Build());
        var lite = await producer.SendAsync(Message.CreateBuilder().SetTopic("downlink").SetLiteTopic("session-1").SetBody("delta"u8.ToArray()).Build());
        Assert.Equal(0, lite.Offset);
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            producer.SendAsync(Message.CreateBuilder().SetTopic("orders").SetLiteTopic("session-1").SetBody("x"u8.ToArray()).Build()));

        await using var consumer = await broker.CreateSimpleConsumerAsync("order-readers", "orders", "created");
        var received = await ReceiveAsync(consumer, 3, TimeSpan.FromSeconds(30));
        Assert.Equal(sent.Order(), received.Select(m => m.MessageId).Order());
        foreach (var message in received)
        {
            Assert.Equal("created", message.Tag);
            Assert.Equal($"key-{message.Properties["index"]}", Assert.Single(message.Keys));
            Assert.Equal(1, message.DeliveryAttempt);
            Assert.Equal(MessageType.Normal, message.Type);
            await consumer.AckAsync(message).WaitAsync(Timeout);
        }

        await using var frames = await broker.CreateSimpleConsumerAsync("frame-readers", "uplink");
        var fifo = Assert.Single(await ReceiveAsync(frames, 1, TimeSpan.FromSeconds(30)));
        Assert.Equal((frame.MessageId, "session-1", MessageType.Fifo), (fifo.MessageId, fifo.MessageGroup, fifo.Type));
        await frames.AckAsync(fifo).WaitAsync(Timeout);

        var downlink = new ReceivedMessages();
        await using var gateway = await broker.CreateLiteConsumerAsync("gateways", downlink.Handler);
        await gateway.SubscribeLiteAsync("session-1").WaitAsync(Timeout);
        await downlink.WaitForCountAsync(1);
        var delta = downlink.Snapshot()[0];
        Assert.Equal((lite.MessageId, "session-1", MessageType.Lite, 0L), (delta.MessageId, delta.LiteTopic, delta.Type, delta.Offset));

        Assert.Empty(await consumer.ReceiveAsync(16, TimeSpan.FromSeconds(10)).WaitAsync(Timeout));
    }

    [Fact]
    public async Task ABatchSendStoresEveryMessageWithItsOwnReceipt()
    {
        await using var broker = await IntegrationBroker.StartAsync();
        var producer = await broker.CreateProducerAsync("orders", "uplink");
        var receipts = await producer.SendAsync(
            [.. Enumerable.Range(0, 5).Select(i => Message.CreateBuilder().SetTopic("orders").SetBody(Encoding.UTF8.GetBytes($"b{i}")).Build())]).WaitAsync(Timeout);
        Assert.Equal(5, receipts.Select(r => r.MessageId).Distinct().Count());
        var ordered = await producer.SendAsync(
            [.. Enumerable.Range(0, 3).Select(i => Message.CreateBuilder().SetTopic("uplink").SetMessageGroup("g").SetBody(Encoding.UTF8.GetBytes($"f{i}")).Build())]).WaitAsync(Timeout);
        Assert.Equal([0L, 1, 2], ordered.Select(r => r.Offset));

        await using var consumer = await broker.CreateSimpleConsumerAsync("batch-readers", "orders");
        var received = await ReceiveAsync(consumer, 5, TimeSpan.FromSeconds(30));
        Assert.Equal(["b0", "b1", "b2", "b3", "b4"], received.Select(ReceivedMessages.Text).Order());
    }

    [Fact]
    public async Task ADelayedMessageArrivesAtItsDeliveryTimeAndNotBefore()
    {
        await using var broker = await IntegrationBroker.StartAsync();
        var producer = await broker.CreateProducerAsync("delayed");
        await using var consumer = await broker.CreateSimpleConsumerAsync("delay-readers", "delayed");
        var due = DateTimeOffset.UtcNow.AddSeconds(2);
        await producer.SendAsync(Message.CreateBuilder().SetTopic("delayed").SetDeliveryTimestamp(due).SetBody("later"u8.ToArray()).Build()).WaitAsync(Timeout);

        var message = Assert.Single(await ReceiveAsync(consumer, 1, TimeSpan.FromSeconds(30)));
        var arrived = DateTimeOffset.UtcNow;
        Assert.Equal(MessageType.Delay, message.Type);
        Assert.Equal(due.ToUnixTimeMilliseconds(), message.DeliveryTimestamp!.Value.ToUnixTimeMilliseconds());
        Assert.True(arrived >= due.AddMilliseconds(-50), $"arrived at {arrived:O}, due at {due:O}");
    }

    [Fact]
    public async Task AMessageNotAckedWithinItsInvisibleTimeIsDeliveredAgainWithTheNextAttempt()
    {
        await using var broker = await IntegrationBroker.StartAsync();
        var producer = await broker.CreateProducerAsync("orders");
        await using var consumer = await broker.CreateSimpleConsumerAsync("slow-readers", "orders");
        await producer.SendAsync(Message.CreateBuilder().SetTopic("orders").SetBody("again"u8.ToArray()).Build()).WaitAsync(Timeout);

        var first = Assert.Single(await ReceiveAsync(consumer, 1, TimeSpan.FromSeconds(1)));
        var second = Assert.Single(await ReceiveAsync(consumer, 1, TimeSpan.FromSeconds(30)));
        Assert.Equal((first.MessageId, 1, 2), (second.MessageId, first.DeliveryAttempt, second.DeliveryAttempt));
        await Assert.ThrowsAsync<InvalidReceiptHandleException>(() => consumer.AckAsync(first));
        await consumer.AckAsync(second).WaitAsync(Timeout);
    }

    [Fact]
    public async Task ChangingTheInvisibleDurationBringsAMessageBackSoonerAndKeepsItAckable()
    {
        await using var broker = await IntegrationBroker.StartAsync();
        var producer = await broker.CreateProducerAsync("orders");
        await using var consumer = await broker.CreateSimpleConsumerAsync("changing-readers", "orders");
        await producer.SendAsync(Message.CreateBuilder().SetTopic("orders").SetBody("postponed"u8.ToArray()).Build()).WaitAsync(Timeout);

        var message = Assert.Single(await ReceiveAsync(consumer, 1, TimeSpan.FromMinutes(10)));
        await consumer.ChangeInvisibleDurationAsync(message, TimeSpan.FromMinutes(5)).WaitAsync(Timeout);
        await consumer.ChangeInvisibleDurationAsync(message, TimeSpan.FromMilliseconds(200)).WaitAsync(Timeout);
        var again = Assert.Single(await ReceiveAsync(consumer, 1, TimeSpan.FromMinutes(10)));
        Assert.Equal((message.MessageId, 2), (again.MessageId, again.DeliveryAttempt));
        await Assert.ThrowsAsync<InvalidReceiptHandleException>(() => consumer.AckAsync(message));
        await consumer.AckAsync(again).WaitAsync(Timeout);
        Assert.Empty(await consumer.ReceiveAsync(1, TimeSpan.FromSeconds(10)).WaitAsync(Timeout));
    }

    [Fact]
    public async Task AMessageThatKeepsFailingGoesToTheDeadLetterTopicAfterTheLastAttempt()
    {
        await using var broker = await IntegrationBroker.StartAsync(options => options.Groups.Add("fragile:max-attempts=2"));
        var producer = await broker.CreateProducerAsync("orders");
        var attempts = new ReceivedMessages();
        await using var consumer = await broker.Client.CreatePushConsumerAsync(
            new PushConsumerOptions { ConsumerGroup = "fragile", Subscriptions = { ["orders"] = FilterExpression.All } },
            (message, _) =>
            {
                attempts.Add(message);
                return ValueTask.FromResult(ConsumeResult.Failure);
            }).WaitAsync(Timeout);
        var poison = await producer.SendAsync(Message.CreateBuilder().SetTopic("orders").SetBody("poison"u8.ToArray()).Build()).WaitAsync(Timeout);

        await attempts.WaitForCountAsync(2);
        await Eventually.TrueAsync(() => broker.Broker.Inspector.Topics().Any(t => t.Name == "%DLQ%fragile" && t.Messages == 1), Timeout, "the dead letter");
        await using var deadLetters = await broker.CreateSimpleConsumerAsync("dead-letter-readers", "%DLQ%fragile");
        var dead = Assert.Single(await ReceiveAsync(deadLetters, 1, TimeSpan.FromSeconds(30)));
        Assert.Equal(("poison", poison.MessageId), (ReceivedMessages.Text(dead), dead.MessageId));
        Assert.Equal([1, 2], attempts.Snapshot().Select(m => m.DeliveryAttempt));
    }

    [Fact]
    public async Task AFullQueueRefusesSendsWithFlowControlUntilItDrains()
    {
        await using var broker = await IntegrationBroker.StartAsync(options => options.MaxQueueBytes = 8 * 1024);
        var producer = await broker.CreateProducerAsync("small");
        var body = new byte[1024];
        var stored = 0;
        TooManyRequestsException? refused = null;
        while (refused is null && stored < 100)
        {
            try
            {
                await producer.SendAsync(Message.CreateBuilder().SetTopic("small").SetBody(body).Build()).WaitAsync(Timeout);
                stored++;
            }
            catch (TooManyRequestsException e)
            {
                refused = e;
            }
        }

        Assert.NotNull(refused);
        Assert.InRange(stored, 5, 8);
        await using var consumer = await broker.CreateSimpleConsumerAsync("drainers", "small");
        foreach (var message in await ReceiveAsync(consumer, stored, TimeSpan.FromSeconds(30)))
        {
            await consumer.AckAsync(message).WaitAsync(Timeout);
        }

        await producer.SendAsync(Message.CreateBuilder().SetTopic("small").SetBody(body).Build()).WaitAsync(Timeout);
    }

    /// <summary>Receives until <paramref name="count"/> messages came, each receive waiting up to its await duration.</summary>
    private static async Task<List<MessageView>> ReceiveAsync(SimpleConsumer consumer, int count, TimeSpan invisible)
    {
        var received = new List<MessageView>();
        var deadline = DateTime.UtcNow + Timeout;
        while (received.Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"received {received.Count} of {count} messages within {Timeout}");
            received.AddRange(await consumer.ReceiveAsync(count - received.Count, invisible).WaitAsync(Timeout));
        }

        return received;
    }
}
