using VoiceAgent.RocketMQ;

namespace VoiceAgent.Tests.Integration;

/// <summary>With access keys on the broker: the right keys work end to end, wrong or missing ones are refused.</summary>
public sealed class AccessControlTests
{
    private static readonly TimeSpan Timeout = IntegrationBroker.Timeout;

    [Fact]
    public async Task TheRightKeysWorkEndToEndAndWrongOrMissingOnesAreRefused()
    {
        await using var broker = await IntegrationBroker.StartAsync(options =>
        {
            options.AccessKey = "voice-ak";
            options.SecretKey = "voice-sk";
        });
        Assert.Contains("AccessKey=voice-ak", broker.Broker.ConnectionString, StringComparison.Ordinal);

        var producer = await broker.CreateProducerAsync("orders", "downlink");
        var receipt = await producer.SendAsync(Message.CreateBuilder().SetTopic("orders").SetBody("signed"u8.ToArray()).Build()).WaitAsync(Timeout);
        await using var consumer = await broker.CreateSimpleConsumerAsync("signed-readers", "orders");
        MessageView? got = null;
        while (got is null)
        {
            got = (await consumer.ReceiveAsync(1, TimeSpan.FromSeconds(30)).WaitAsync(Timeout)).FirstOrDefault();
        }

        Assert.Equal(receipt.MessageId, got.MessageId);
        await consumer.AckAsync(got).WaitAsync(Timeout);

        var lite = new ReceivedMessages();
        await using var gateway = await broker.CreateLiteConsumerAsync("gateways", lite.Handler);
        await gateway.SubscribeLiteAsync("session").WaitAsync(Timeout);
        await LitePushConsumerTests.SendAsync(producer, "session", "signed-delta");
        await lite.WaitForCountAsync(1);

        var wrongSecret = broker.CreateClient(options => options.SecretKey = "not-the-secret");
        await Assert.ThrowsAsync<UnauthorizedException>(() => wrongSecret.CreateProducerAsync(new ProducerOptions { Topics = ["orders"] }).WaitAsync(Timeout));
        var wrongKey = broker.CreateClient(options => options.AccessKey = "someone-else");
        await Assert.ThrowsAsync<UnauthorizedException>(() => wrongKey.CreateLitePushConsumerAsync(
            new LitePushConsumerOptions { ConsumerGroup = "gateways", BindTopic = "downlink" }, lite.Handler).WaitAsync(Timeout));
        var anonymous = broker.CreateClient(options =>
        {
            options.AccessKey = null;
            options.SecretKey = null;
        });
        await Assert.ThrowsAsync<UnauthorizedException>(() => anonymous.CreateSimpleConsumerAsync(new SimpleConsumerOptions
        {
            ConsumerGroup = "anonymous-readers",
            Subscriptions = { ["orders"] = FilterExpression.All },
        }).WaitAsync(Timeout));
    }
}
