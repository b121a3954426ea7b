using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.Tests.Broker;

/// <summary>
/// How a lite topic's unsettled messages move to its next holder: at once when an exclusive group's new subscriber
/// takes it, and at once when the previous holder suspends them after giving the lite topic up.
/// </summary>
public sealed class LiteHandoverTests
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task TheMessagesAnEvictedClientHoldsGoToTheNewHolderAtOnceWithoutCountingAnAttempt()
    {
        using var broker = new EngineHarness(options => options.AutoRenewInvisibleTime = TimeSpan.FromMinutes(10));
        var first = broker.Connect("gw-a", ClientType.LitePushConsumer, "solo", "downlink");
        var outlet = new VoiceAgent.Broker.Clients.TelemetryOutlet();
        first.Telemetry = outlet;
        broker.Subscribe(first, "solo", "downlink", "session");
        broker.SendOk("downlink", "one", liteTopic: "session");
        broker.SendOk("downlink", "two", liteTopic: "session");
        var held = await broker.ReceiveAsync(first, "solo", "downlink", autoRenew: true, poll: Poll);
        Assert.Equal(2, held.Count);

        var second = broker.Connect("gw-b", ClientType.LitePushConsumer, "solo", "downlink");
        Assert.True(broker.Subscribe(second, "solo", "downlink", "session").IsOk);
        var taken = await broker.ReceiveAsync(second, "solo", "downlink", autoRenew: true, poll: Poll);

        Assert.Equal(["one", "two"], taken.Select(EngineHarness.Body));
        Assert.All(taken, delivery => Assert.Equal(1, delivery.Attempt));
        Assert.True(outlet.Reader.TryRead(out var notice));
        Assert.Equal("session", notice.NotifyUnsubscribeLiteCommand.LiteTopic);
        Assert.Equal(Code.InvalidReceiptHandle, broker.Ack(held[0], "solo").Code);
        Assert.True(broker.Ack(taken[0], "solo").IsOk);
    }

    [Fact]
    public async Task ASuspendAfterUnsubscribingHandsTheMessageToTheNextSubscriberAtOnce()
    {
        using var broker = new EngineHarness();
        var first = broker.Connect("gw-a", ClientType.LitePushConsumer, "gateway", "downlink");
        broker.Subscribe(first, "gateway", "downlink", "session");
        broker.SendOk("downlink", "for the closed connection", liteTopic: "session");
        var held = Assert.Single(await broker.ReceiveAsync(first, "gateway", "downlink", autoRenew: true, poll: Poll));

        var second = broker.Connect("gw-b", ClientType.LitePushConsumer, "gateway", "downlink");
        broker.Subscribe(second, "gateway", "downlink", "session");
        Assert.True(broker.SyncLite(first, "gateway", LiteSubscriptionAction.PartialRemove, "session").IsOk);
        Assert.True(broker.Suspend(held, "gateway", TimeSpan.FromMinutes(10)).IsOk);

        var next = Assert.Single(await broker.ReceiveAsync(second, "gateway", "downlink", autoRenew: true, poll: Poll));
        Assert.Equal(("for the closed connection", 1), (EngineHarness.Body(next), next.Attempt));
    }

    [Fact]
    public async Task ASuspendByTheHolderWaitsItsDuration()
    {
        using var broker = new EngineHarness();
        var client = broker.Connect("gw", ClientType.LitePushConsumer, "gateway", "downlink");
        broker.Subscribe(client, "gateway", "downlink", "session");
        broker.SendOk("downlink", "later", liteTopic: "session");
        var held = Assert.Single(await broker.ReceiveAsync(client, "gateway", "downlink", autoRenew: true, poll: Poll));

        Assert.True(broker.Suspend(held, "gateway", TimeSpan.FromMilliseconds(500)).IsOk);
        Assert.Empty(await broker.ReceiveAsync(client, "gateway", "downlink", poll: TimeSpan.FromMilliseconds(100)));
        var again = Assert.Single(await broker.ReceiveAsync(client, "gateway", "downlink", poll: Poll));
        Assert.Equal(1, again.Attempt);
    }
}
