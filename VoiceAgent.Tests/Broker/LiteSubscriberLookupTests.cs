using VoiceAgent.Broker.Lite;
using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.Tests.Broker;

public sealed class LiteSubscriberLookupTests
{
    [Fact]
    public void ASubscriberSnapshotStaysAsItWasWhileSubscriptionsChange()
    {
        using var broker = new EngineHarness();
        var alice = broker.Connect("alice", ClientType.LitePushConsumer, "gateway", "downlink");
        var bob = broker.Connect("bob", ClientType.LitePushConsumer, "gateway", "downlink");
        var group = broker.Core.Groups.GetOrCreate("gateway");
        Assert.True(broker.SyncLite(alice, "gateway", LiteSubscriptionAction.PartialAdd, "session").IsOk);

        var before = broker.Core.Subscriptions.Subscribers(group, "session");
        Assert.True(broker.SyncLite(bob, "gateway", LiteSubscriptionAction.PartialAdd, "session").IsOk);
        Assert.True(broker.SyncLite(alice, "gateway", LiteSubscriptionAction.PartialRemove, "session").IsOk);

        Assert.Equal(["alice"], before.Select(client => client.ClientId));
        Assert.Equal(["bob"], broker.Core.Subscriptions.Subscribers(group, "session").Select(client => client.ClientId));
        Assert.False(LiteSubscriptionRegistry.IsSubscribed(alice, "session"));
        Assert.True(LiteSubscriptionRegistry.IsSubscribed(bob, "session"));
    }

    [Fact]
    public async Task DeliveriesKeepFlowingWhileOtherClientsOfTheGroupChurnTheirSubscriptions()
    {
        const int Messages = 200;
        using var broker = new EngineHarness();
        var reader = broker.Connect("reader", ClientType.LitePushConsumer, "gateway", "downlink");
        Assert.True(broker.SyncLite(reader, "gateway", LiteSubscriptionAction.PartialAdd, "steady").IsOk);
        var churners = Enumerable.Range(0, 4).Select(i => broker.Connect($"churn-{i}", ClientType.LitePushConsumer, "gateway", "downlink")).ToList();

        using var stop = new CancellationTokenSource();
        var churning = churners.Select(client => Task.Run(() =>
        {
            var round = 0;
            while (!stop.IsCancellationRequested)
            {
                var name = $"{client.ClientId}-{round++ % 8}";
                Assert.True(broker.SyncLite(client, "gateway", LiteSubscriptionAction.PartialAdd, name).IsOk);
                Assert.True(broker.SyncLite(client, "gateway", LiteSubscriptionAction.PartialRemove, name).IsOk);
            }
        })).ToList();

        var received = new List<string>();
        for (var i = 0; i < Messages; i++)
        {
            broker.SendOk("downlink", $"m{i}", liteTopic: "steady");
            foreach (var delivery in await broker.ReceiveAsync(reader, "gateway", "downlink", poll: TimeSpan.FromSeconds(10)))
            {
                received.Add(EngineHarness.Body(delivery));
                Assert.True(broker.Ack(delivery, "gateway").IsOk);
            }
        }

        await stop.CancelAsync();
        await Task.WhenAll(churning).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(Enumerable.Range(0, Messages).Select(i => $"m{i}"), received);
        Assert.Equal(1, broker.Core.Subscriptions.Count);
    }
}
