using VoiceAgent.RocketMQ;
using VoiceAgent.RocketMQ.Protocol;
using VoiceAgent.Tests.RocketMQ.Fakes;
using FilterExpression = VoiceAgent.RocketMQ.FilterExpression;
using MessageType = VoiceAgent.RocketMQ.Protocol.MessageType;

namespace VoiceAgent.Tests.RocketMQ;

public sealed class SimpleConsumerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ReceiveLongPollsWithTheInvisibleDurationAndAckSettles()
    {
        await using var server = await FakeMessagingServer.StartAsync(s => s.Topics["orders"] = (MessageType.Normal, 2));
        await using var client = TestClients.Create(server);
        await using var consumer = await CreateAsync(client, TimeSpan.FromSeconds(2));
        server.Deliver(server.CreateDelivery("orders", "one"));
        server.Deliver(server.CreateDelivery("orders", "two"));

        var messages = await consumer.ReceiveAsync(16, TimeSpan.FromSeconds(30)).WaitAsync(Timeout);

        Assert.Equal(["one", "two"], messages.Select(m => System.Text.Encoding.UTF8.GetString(m.Body.Span)));
        var request = Assert.Single(server.Requests<ReceiveMessageRequest>());
        Assert.Equal("billing", request.Group.Name);
        Assert.Equal("orders", request.MessageQueue.Topic.Name);
        Assert.Equal(16, request.BatchSize);
        Assert.False(request.AutoRenew);
        Assert.Equal(TimeSpan.FromSeconds(30), request.InvisibleDuration.ToTimeSpan());
        Assert.Equal(TimeSpan.FromSeconds(2), request.LongPollingTimeout.ToTimeSpan());
        Assert.Equal((FilterType.Tag, "*"), (request.FilterExpression.Type, request.FilterExpression.Expression));

        await consumer.AckAsync(messages[0]).WaitAsync(Timeout);

        var ack = Assert.Single(server.Requests<AckMessageRequest>());
        Assert.Equal("orders", ack.Topic.Name);
        Assert.Equal((messages[0].MessageId, messages[0].ReceiptHandle), (ack.Entries[0].MessageId, ack.Entries[0].ReceiptHandle));
        Assert.False(ack.Entries[0].HasLiteTopic);
    }

    [Fact]
    public async Task AnEmptyLongPollReturnsNoMessages()
    {
        await using var server = await FakeMessagingServer.StartAsync(s => s.Topics["orders"] = (MessageType.Normal, 1));
        await using var client = TestClients.Create(server);
        await using var consumer = await CreateAsync(client, TimeSpan.FromMilliseconds(300));

        var messages = await consumer.ReceiveAsync(4, TimeSpan.FromSeconds(30)).WaitAsync(Timeout);

        Assert.Empty(messages);
    }

    [Fact]
    public async Task ChangingTheInvisibleDurationKeepsTheNewReceiptHandle()
    {
        await using var server = await FakeMessagingServer.StartAsync(s => s.Topics["orders"] = (MessageType.Normal, 1));
        await using var client = TestClients.Create(server);
        await using var consumer = await CreateAsync(client, TimeSpan.FromSeconds(2));
        server.Deliver(server.CreateDelivery("orders", "one"));
        var message = Assert.Single(await consumer.ReceiveAsync(1, TimeSpan.FromSeconds(10)).WaitAsync(Timeout));
        var firstHandle = message.ReceiptHandle;

        await consumer.ChangeInvisibleDurationAsync(message, TimeSpan.FromSeconds(45)).WaitAsync(Timeout);
        await consumer.AckAsync(message).WaitAsync(Timeout);

        var change = Assert.Single(server.Requests<ChangeInvisibleDurationRequest>());
        Assert.Equal(firstHandle, change.ReceiptHandle);
        Assert.Equal(TimeSpan.FromSeconds(45), change.InvisibleDuration.ToTimeSpan());
        Assert.False(change.HasSuspend);
        var ack = Assert.Single(server.Requests<AckMessageRequest>());
        Assert.NotEqual(firstHandle, ack.Entries[0].ReceiptHandle);
        Assert.Equal(message.ReceiptHandle, ack.Entries[0].ReceiptHandle);
    }

    [Fact]
    public async Task AckingAfterTheInvisibleTimeExpiredFailsWithInvalidReceiptHandle()
    {
        await using var server = await FakeMessagingServer.StartAsync(s => s.Topics["orders"] = (MessageType.Normal, 1));
        server.AckMessage = (request, _) =>
        {
            var response = new AckMessageResponse { Status = FakeMessagingServer.Ok() };
            response.Entries.Add(new AckMessageResultEntry { MessageId = request.Entries[0].MessageId, Status = FakeMessagingServer.Error(Code.InvalidReceiptHandle, "receipt handle expired") });
            return Task.FromResult(response);
        };
        await using var client = TestClients.Create(server);
        await using var consumer = await CreateAsync(client, TimeSpan.FromSeconds(2));
        server.Deliver(server.CreateDelivery("orders", "one"));
        var message = Assert.Single(await consumer.ReceiveAsync(1, TimeSpan.FromSeconds(10)).WaitAsync(Timeout));

        var error = await Assert.ThrowsAsync<InvalidReceiptHandleException>(() => consumer.AckAsync(message));

        Assert.Contains("expired", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReceiveWhoseStatusIsMissingOrAnErrorFailsTyped()
    {
        await using var server = await FakeMessagingServer.StartAsync(s => s.Topics["orders"] = (MessageType.Normal, 1));
        var noStatus = true;
        server.ReceiveMessage = async (_, responses, _) =>
        {
            if (noStatus)
            {
                await responses.WriteAsync(new ReceiveMessageResponse { Message = server.CreateDelivery("orders", "x") });
                return;
            }

            await FakeMessagingServer.WriteReceiveAsync(responses, [], FakeMessagingServer.Error(Code.ConsumerGroupNotFound, "no group"));
        };
        await using var client = TestClients.Create(server);
        await using var consumer = await CreateAsync(client, TimeSpan.FromSeconds(2));

        await Assert.ThrowsAsync<InternalErrorException>(() => consumer.ReceiveAsync(1, TimeSpan.FromSeconds(10)));
        noStatus = false;
        await Assert.ThrowsAsync<ConsumerGroupNotFoundException>(() => consumer.ReceiveAsync(1, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task ReceivesTakeTurnsOverTopicsAndQueues()
    {
        await using var server = await FakeMessagingServer.StartAsync(s =>
        {
            s.Topics["a"] = (MessageType.Normal, 2);
            s.Topics["b"] = (MessageType.Normal, 2);
        });
        await using var client = TestClients.Create(server);
        await using var consumer = await client.CreateSimpleConsumerAsync(new SimpleConsumerOptions
        {
            ConsumerGroup = "billing",
            Subscriptions = { ["a"] = FilterExpression.All, ["b"] = FilterExpression.Tag("x||y") },
            AwaitDuration = TimeSpan.FromMilliseconds(100),
        }).WaitAsync(Timeout);

        for (var i = 0; i < 4; i++)
        {
            await consumer.ReceiveAsync(1, TimeSpan.FromSeconds(10)).WaitAsync(Timeout);
        }

        var requests = server.Requests<ReceiveMessageRequest>();
        Assert.Equal(2, requests.Count(r => r.MessageQueue.Topic.Name == "a"));
        Assert.Equal(2, requests.Select(r => r.MessageQueue.Topic.Name + r.MessageQueue.Id).Where(k => k.StartsWith('a')).Distinct().Count());
        Assert.All(requests.Where(r => r.MessageQueue.Topic.Name == "b"), r => Assert.Equal("x||y", r.FilterExpression.Expression));
    }

    private static Task<SimpleConsumer> CreateAsync(RocketMQClient client, TimeSpan awaitDuration) =>
        client.CreateSimpleConsumerAsync(new SimpleConsumerOptions
        {
            ConsumerGroup = "billing",
            Subscriptions = { ["orders"] = FilterExpression.All },
            AwaitDuration = awaitDuration,
        }).WaitAsync(Timeout);
}
