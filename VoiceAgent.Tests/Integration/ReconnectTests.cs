using VoiceAgent.RocketMQ;

namespace VoiceAgent.Tests.Integration;

/// <summary>A lite consumer whose connections drop for a moment: the broker forgets its subscriptions, the client restores them.</summary>
public sealed class ReconnectTests
{
    private static readonly TimeSpan Timeout = IntegrationBroker.Timeout;

    [Fact]
    public async Task AfterItsConnectionsAreResetALiteConsumerSubscribesAgainAsSoonAsItsTelemetryStreamIsBack()
    {
        await using var broker = await IntegrationBroker.StartAsync();
        await using var proxy = TcpProxy.Start(broker.Broker.Endpoints);
        var producer = await broker.CreateProducerAsync("downlink");
        var received = new ReceivedMessages();
        var relayed = broker.CreateClient(options => options.Endpoints = proxy.Endpoints);
        await using var consumer = await broker.CreateLiteConsumerAsync("gateways", received.Handler, relayed);
        await consumer.SubscribeLiteAsync("session").WaitAsync(Timeout);
        await LitePushConsumerTests.SendAsync(producer, "session", "before");
        await received.WaitForCountAsync(1);

        var elapsed = System.Diagnostics.Stopwatch.StartNew();
        proxy.ResetConnections();

        // The broker drops the subscription with the stream; the periodic sync would restore it only after 30 s.
        await LitePushConsumerTests.SendAsync(producer, "session", "after");
        await received.WaitForCountAsync(2);
        Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(15), $"delivered {elapsed.Elapsed} after the reset");
        Assert.Equal(["before", "after"], received.Bodies());
        Assert.Equal(["session"], consumer.LiteTopics);
    }
}
