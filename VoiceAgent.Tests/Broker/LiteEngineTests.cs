using VoiceAgent.Broker.Clients;
using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.Tests.Broker;

public sealed class LiteEngineTests
{
    [Fact]
    public void TheFirstSendCreatesTheLiteTopicAndBadNamesAreRefused()
    {
        using var broker = new EngineHarness();
        broker.SendOk("downlink", "hi", liteTopic: "session-1");
        Assert.Equal(1, broker.Core.Inspector.LiteTopicCount);
        broker.SendOk("downlink", "again", liteTopic: "session-1");
        Assert.Equal(1, broker.Core.Inspector.LiteTopicCount);

        Assert.Equal(Code.IllegalLiteTopic, broker.Send("downlink", "x", liteTopic: "bad$name").Status.Code);
        Assert.Equal(Code.IllegalLiteTopic, broker.Send("downlink", "x", liteTopic: new string('a', 65)).Status.Code);
        Assert.Equal(Code.IllegalLiteTopic, broker.Send("downlink", "x", edit: m => m.SystemProperties.MessageType = MessageType.Lite).Status.Code);
        Assert.Equal(Code.MessagePropertyConflictWithType, broker.Send("downlink", "no lite topic").Status.Code);
        Assert.Equal(Code.MessagePropertyConflictWithType, broker.Send("normal", "x", liteTopic: "s").Status.Code);
    }

    [Fact]
    public void CreatingMoreLiteTopicsThanTheBrokerAllowsAnswersTheQuotaCode()
    {
        using var broker = new EngineHarness(options => options.MaxLiteTopics = 2);
        broker.SendOk("downlink", "1", liteTopic: "a");
        broker.SendOk("downlink", "2", liteTopic: "b");
        Assert.Equal(Code.LiteTopicQuotaExceeded, broker.Send("downlink", "3", liteTopic: "c").Status.Code);
        broker.SendOk("downlink", "4", liteTopic: "a");
    }

    [Fact]
    public async Task ALiteGroupDeliversALiteTopicOnlyToItsSubscribers()
    {
        using var broker = new EngineHarness();
        var alice = broker.Connect("alice", ClientType.LitePushConsumer, "gateway", "downlink");
        var bob = broker.Connect("bob", ClientType.LitePushConsumer, "gateway", "downlink");
        Assert.True(broker.SyncLite(alice, "gateway", LiteSubscriptionAction.PartialAdd, "s-alice").IsOk);
        Assert.True(broker.SyncLite(bob, "gateway", LiteSubscriptionAction.PartialAdd, "s-bob").IsOk);

        broker.SendOk("downlink", "for alice", liteTopic: "s-alice");
        broker.SendOk("downlink", "for bob", liteTopic: "s-bob");
        broker.SendOk("downlink", "for nobody", liteTopic: "s-nobody");

        var toAlice = Assert.Single(await broker.ReceiveAsync(alice, "gateway", "downlink", autoRenew: true, poll: TimeSpan.FromSeconds(5)));
        Assert.Equal("for alice", EngineHarness.Body(toAlice));
        var message = broker.Deliver(toAlice);
        Assert.Equal("s-alice", message.SystemProperties.LiteTopic);
        Assert.Equal(MessageType.Lite, message.SystemProperties.MessageType);
        Assert.Equal("downlink", message.Topic.Name);
        Assert.Equal("for bob", EngineHarness.Body(Assert.Single(await broker.ReceiveAsync(bob, "gateway", "downlink", autoRenew: true, poll: TimeSpan.FromSeconds(5)))));
        Assert.Empty(await broker.ReceiveAsync(alice, "gateway", "downlink", poll: TimeSpan.FromMilliseconds(100)));
    }

    [Fact]
    public async Task ALiteTopicIsDeliveredInOrderOneBatchAtATime()
    {
        using var broker = new EngineHarness();
        var client = broker.Connect("c", ClientType.LitePushConsumer, "gateway", "downlink");
        broker.SyncLite(client, "gateway", LiteSubscriptionAction.PartialAdd, "s");
        broker.SendOk("downlink", "1", liteTopic: "s");
        broker.SendOk("downlink", "2", liteTopic: "s");

        var first = Assert.Single(await broker.ReceiveAsync(client, "gateway", "downlink", batch: 1, autoRenew: true));
        Assert.Equal("1", EngineHarness.Body(first));
        broker.SendOk("downlink", "3", liteTopic: "s");
        Assert.Empty(await broker.ReceiveAsync(client, "gateway", "downlink", batch: 1, poll: TimeSpan.FromMilliseconds(200)));
        Assert.True(broker.Ack(first, "gateway").IsOk);
        var rest = await broker.ReceiveAsync(client, "gateway", "downlink", poll: TimeSpan.FromSeconds(5));
        Assert.Equal(["2", "3"], rest.Select(EngineHarness.Body));
    }

    [Fact]
    public async Task UnconsumedMessagesGoToTheNextSubscriberOfTheGroup()
    {
        using var broker = new EngineHarness();
        var first = broker.Connect("gw-1", ClientType.LitePushConsumer, "gateway", "downlink");
        broker.SyncLite(first, "gateway", LiteSubscriptionAction.PartialAdd, "session");
        for (var i = 1; i <= 4; i++)
        {
            broker.SendOk("downlink", $"m{i}", liteTopic: "session");
        }

        var early = await broker.ReceiveAsync(first, "gateway", "downlink", batch: 1, autoRenew: true);
        Assert.True(broker.Ack(Assert.Single(early), "gateway").IsOk);
        Assert.True(broker.SyncLite(first, "gateway", LiteSubscriptionAction.PartialRemove, "session").IsOk);

        var second = broker.Connect("gw-2", ClientType.LitePushConsumer, "gateway", "downlink");
        broker.SyncLite(second, "gateway", LiteSubscriptionAction.PartialAdd, "session");
        var rest = await broker.ReceiveAsync(second, "gateway", "downlink", autoRenew: true, poll: TimeSpan.FromSeconds(5));
        Assert.Equal(["m2", "m3", "m4"], rest.Select(EngineHarness.Body));
    }

    [Fact]
    public async Task SubscribingWithAnOffsetOptionMovesTheReadPosition()
    {
        using var broker = new EngineHarness();
        for (var i = 1; i <= 3; i++)
        {
            broker.SendOk("downlink", $"m{i}", liteTopic: "replay");
        }

        var client = broker.Connect("c", ClientType.LitePushConsumer, "gateway", "downlink");
        var request = new SyncLiteSubscriptionRequest
        {
            Action = LiteSubscriptionAction.PartialAdd,
            Topic = new Resource { Name = "downlink" },
            Group = new Resource { Name = "gateway" },
            OffsetOption = new OffsetOption { Policy = OffsetOption.Types.Policy.Max },
        };
        request.LiteTopicSet.Add("replay");
        Assert.True(broker.Core.LiteSubscriptions.Sync(client, request).IsOk);
        Assert.Empty(await broker.ReceiveAsync(client, "gateway", "downlink", poll: TimeSpan.FromMilliseconds(100)));
        broker.SendOk("downlink", "m4", liteTopic: "replay");
        Assert.Equal("m4", EngineHarness.Body(Assert.Single(await broker.ReceiveAsync(client, "gateway", "downlink", poll: TimeSpan.FromSeconds(5)))));
    }

    [Fact]
    public async Task SuspendPostponesWithoutCountingAnAttempt()
    {
        using var broker = new EngineHarness();
        var client = broker.Connect("c", ClientType.LitePushConsumer, "gateway", "downlink");
        broker.SyncLite(client, "gateway", LiteSubscriptionAction.PartialAdd, "s");
        broker.SendOk("downlink", "wait", liteTopic: "s");
        var delivery = Assert.Single(await broker.ReceiveAsync(client, "gateway", "downlink", autoRenew: true));
        var message = broker.Deliver(delivery);
        var outcome = broker.Core.Delivery.ChangeInvisibleTime(
            message.SystemProperties.ReceiptHandle, broker.Core.Groups.Find("gateway")!, "downlink", "s", TimeSpan.FromMilliseconds(100), suspend: true, out _);
        Assert.True(outcome.IsOk);
        var again = Assert.Single(await broker.ReceiveAsync(client, "gateway", "downlink", poll: TimeSpan.FromSeconds(5)));
        Assert.Equal(1, again.Attempt);
    }

    [Fact]
    public void SubscriptionQuotasAnswerTheQuotaCode()
    {
        using var broker = new EngineHarness(options => options.MaxLiteSubscriptions = 3);
        var tight = broker.Connect("t", ClientType.LitePushConsumer, "tight", "downlink");
        Assert.True(broker.SyncLite(tight, "tight", LiteSubscriptionAction.PartialAdd, "a", "b").IsOk);
        Assert.Equal(Code.LiteSubscriptionQuotaExceeded, broker.SyncLite(tight, "tight", LiteSubscriptionAction.PartialAdd, "c").Code);

        var other = broker.Connect("o", ClientType.LitePushConsumer, "gateway", "downlink");
        Assert.True(broker.SyncLite(other, "gateway", LiteSubscriptionAction.PartialAdd, "x").IsOk);
        Assert.Equal(Code.LiteSubscriptionQuotaExceeded, broker.SyncLite(other, "gateway", LiteSubscriptionAction.PartialAdd, "y").Code);
        Assert.Equal(3, broker.Core.Inspector.LiteSubscriptionCount);
    }

    [Fact]
    public void SyncChecksTheGroupAndItsBindTopic()
    {
        using var broker = new EngineHarness();
        var client = broker.Core.Lifecycle.Attach("c", "peer", null, null);
        Assert.Equal(Code.IllegalConsumerGroup, broker.SyncLite(client, "plain", LiteSubscriptionAction.PartialAdd, "a").Code);
        Assert.Equal(Code.IllegalConsumerGroup, broker.SyncLite(client, "missing", LiteSubscriptionAction.PartialAdd, "a").Code);
        var request = new SyncLiteSubscriptionRequest { Action = LiteSubscriptionAction.PartialAdd, Topic = new Resource { Name = "normal" }, Group = new Resource { Name = "gateway" } };
        Assert.Equal(Code.IllegalTopic, broker.Core.LiteSubscriptions.Sync(client, request).Code);
        Assert.Equal(Code.IllegalLiteTopic, broker.SyncLite(client, "gateway", LiteSubscriptionAction.PartialAdd, "no spaces").Code);
    }

    [Fact]
    public void CompleteAddReplacesTheSetAndCompleteRemoveClearsIt()
    {
        using var broker = new EngineHarness(options => options.LiteSyncGracePeriod = TimeSpan.Zero);
        var client = broker.Connect("c", ClientType.LitePushConsumer, "gateway", "downlink");
        broker.SyncLite(client, "gateway", LiteSubscriptionAction.PartialAdd, "a", "b");
        Assert.True(broker.SyncLite(client, "gateway", LiteSubscriptionAction.CompleteAdd, "b", "c").IsOk);
        Assert.Equal(["b", "c"], broker.Core.Subscriptions.LiteTopicsOf(client, broker.Core.Groups.Find("gateway")!).Order());
        Assert.True(broker.SyncLite(client, "gateway", LiteSubscriptionAction.CompleteRemove).IsOk);
        Assert.Equal(0, broker.Core.Inspector.LiteSubscriptionCount);
    }

    [Fact]
    public void ARecentPartialChangeWinsOverACompleteAddThatArrivesOutOfOrder()
    {
        using var broker = new EngineHarness();
        var client = broker.Connect("c", ClientType.LitePushConsumer, "gateway", "downlink");
        var group = broker.Core.Groups.Find("gateway")!;
        broker.SyncLite(client, "gateway", LiteSubscriptionAction.PartialAdd, "kept", "dropped");
        broker.SyncLite(client, "gateway", LiteSubscriptionAction.PartialRemove, "dropped");

        // The startup COMPLETE_ADD (empty) and a periodic one listing "dropped" were sent before, arrive after.
        Assert.True(broker.SyncLite(client, "gateway", LiteSubscriptionAction.CompleteAdd).IsOk);
        Assert.True(broker.SyncLite(client, "gateway", LiteSubscriptionAction.CompleteAdd, "dropped").IsOk);
        Assert.Equal(["kept"], broker.Core.Subscriptions.LiteTopicsOf(client, group));
    }

    [Fact]
    public void AnExclusiveGroupMovesALiteTopicToItsNewestSubscriber()
    {
        using var broker = new EngineHarness();
        var first = broker.Connect("first", ClientType.LitePushConsumer, "solo", "downlink");
        var outlet = new VoiceAgent.Broker.Clients.TelemetryOutlet();
        first.Telemetry = outlet;
        var second = broker.Connect("second", ClientType.LitePushConsumer, "solo", "downlink");
        broker.SyncLite(first, "solo", LiteSubscriptionAction.PartialAdd, "s");
        broker.SyncLite(second, "solo", LiteSubscriptionAction.PartialAdd, "s");

        Assert.Empty(broker.Core.Subscriptions.LiteTopicsOf(first, broker.Core.Groups.Find("solo")!));
        Assert.True(outlet.Reader.TryRead(out var command));
        Assert.Equal("s", command.NotifyUnsubscribeLiteCommand.LiteTopic);

        // The evicted client's periodic COMPLETE_ADD (sent before it heard) does not take the lite topic back.
        broker.Core.Options.LiteSyncGracePeriod = TimeSpan.Zero;
        Assert.True(broker.SyncLite(first, "solo", LiteSubscriptionAction.CompleteAdd, "s").IsOk);
        Assert.Empty(broker.Core.Subscriptions.LiteTopicsOf(first, broker.Core.Groups.Find("solo")!));
        Assert.Equal(["s"], broker.Core.Subscriptions.LiteTopicsOf(second, broker.Core.Groups.Find("solo")!));
        Assert.True(outlet.Reader.TryRead(out var again));
        Assert.Equal("s", again.NotifyUnsubscribeLiteCommand.LiteTopic);
    }

    [Fact]
    public async Task AnIdleLiteTopicExpiresWithItsMessagesAndOffsetsAndLiveSubscribersKeepTheirSubscription()
    {
        using var broker = new EngineHarness();
        var client = broker.Connect("c", ClientType.LitePushConsumer, "gateway", "downlink");
        broker.SyncLite(client, "gateway", LiteSubscriptionAction.PartialAdd, "old");
        broker.SendOk("downlink", "stale", liteTopic: "old");
        Assert.Equal(0, broker.Core.Housekeeping.ExpireIdleLiteTopics());

        await Eventually.TrueAsync(() => broker.Core.Housekeeping.ExpireIdleLiteTopics() == 1, TimeSpan.FromSeconds(10));
        Assert.Equal(0, broker.Core.Inspector.LiteTopicCount);
        Assert.Equal(1, broker.Core.Inspector.LiteSubscriptionCount);
        Assert.Equal(0, broker.Core.Inspector.StoredBytes);

        broker.SendOk("downlink", "fresh", liteTopic: "old");
        Assert.Equal(1, broker.Core.Inspector.LiteTopicCount);
        var delivery = Assert.Single(await broker.ReceiveAsync(client, "gateway", "downlink"));
        Assert.Equal("fresh", EngineHarness.Body(delivery));
    }

    [Fact]
    public void ALiteTopicWrittenAfterTheReapersIdleCheckIsNotRemoved()
    {
        using var broker = new EngineHarness();
        var client = broker.Connect("c", ClientType.LitePushConsumer, "gateway", "downlink");
        broker.SyncLite(client, "gateway", LiteSubscriptionAction.PartialAdd, "s");
        broker.SendOk("downlink", "first", liteTopic: "s");
        var queue = broker.Core.Topics.FindLiteTopic(broker.Core.Topics.Find("downlink")!, "s")!;

        // The reaper saw the topic idle up to this instant; a send was stored right after.
        var idleSince = queue.LastWriteMs - 1;
        broker.SendOk("downlink", "acknowledged to its producer", liteTopic: "s");

        Assert.False(broker.Core.Topics.RemoveLiteTopic(queue, idleSince));
        Assert.False(queue.Removed);
        Assert.Equal(2, queue.Log.Count);
        Assert.Equal(1, broker.Core.Inspector.LiteSubscriptionCount);
    }

    [Fact]
    public async Task ALongLivedConsumerReferencesOnlyTheLiteTopicsItHasMessagesInFlightFrom()
    {
        using var broker = new EngineHarness();
        var gateway = broker.Connect("gw", ClientType.LitePushConsumer, "gateway", "downlink");
        for (var i = 0; i < 50; i++)
        {
            broker.SyncLite(gateway, "gateway", LiteSubscriptionAction.PartialAdd, $"session-{i}");
            broker.SendOk("downlink", "reply", liteTopic: $"session-{i}");
            var delivery = Assert.Single(await broker.ReceiveAsync(gateway, "gateway", "downlink"));
            Assert.True(broker.Ack(delivery, "gateway").IsOk);
            broker.SyncLite(gateway, "gateway", LiteSubscriptionAction.PartialRemove, $"session-{i}");
        }

        broker.SyncLite(gateway, "gateway", LiteSubscriptionAction.PartialAdd, "live");
        broker.SendOk("downlink", "unacked", liteTopic: "live");
        Assert.Single(await broker.ReceiveAsync(gateway, "gateway", "downlink"));

        Assert.Equal(1, gateway.InFlightStateCount);
    }

    [Fact]
    public void LiteNamesAreValidatedAndBoundedInEveryAction()
    {
        using var broker = new EngineHarness();
        var client = broker.Connect("c", ClientType.LitePushConsumer, "tight", "downlink");
        var tooMany = Enumerable.Range(0, 400).Select(i => $"s{i}").ToArray();
        Assert.Equal(Code.LiteSubscriptionQuotaExceeded, broker.SyncLite(client, "tight", LiteSubscriptionAction.PartialRemove, tooMany).Code);
        Assert.Equal(Code.IllegalLiteTopic, broker.SyncLite(client, "tight", LiteSubscriptionAction.PartialRemove, new string('x', 10_000)).Code);
        Assert.Equal(Code.IllegalLiteTopic, broker.SyncLite(client, "tight", LiteSubscriptionAction.CompleteAdd, "ok", "not valid").Code);
        Assert.Empty(client.RecentLiteChanges);
    }

    [Fact]
    public void ARevivedClientDoesNotKeepTheOutletOfAClosedTelemetryStream()
    {
        using var broker = new EngineHarness();
        var client = broker.Connect("c", ClientType.LitePushConsumer, "gateway", "downlink");
        var outlet = new TelemetryOutlet();
        client.Telemetry = outlet;
        Assert.True(broker.Core.Clients.Retire(client));

        var revived = broker.Core.Lifecycle.Attach("c", "ipv4:127.0.0.1:1", "DOT_NET", "test");
        Assert.NotSame(client, revived);
        Assert.Same(outlet, revived.Telemetry);
        broker.SyncLite(revived, "gateway", LiteSubscriptionAction.PartialAdd, "s");

        // The stream's loop still holds the old session when the stream ends.
        broker.Core.Lifecycle.OnTelemetryClosed(client, outlet);

        Assert.Null(revived.Telemetry);
        Assert.Equal(0, broker.Core.Inspector.LiteSubscriptionCount);
    }

    [Fact]
    public async Task AClientThatStopsCallingLosesItsSubscriptions()
    {
        using var broker = new EngineHarness(options => options.ClientTimeout = TimeSpan.FromMilliseconds(300));
        var client = broker.Connect("c", ClientType.LitePushConsumer, "gateway", "downlink");
        broker.SyncLite(client, "gateway", LiteSubscriptionAction.PartialAdd, "s");
        Assert.Equal(1, broker.Core.Inspector.LiteSubscriptionCount);
        await Eventually.TrueAsync(() => broker.Core.Housekeeping.DropSilentClients() == 1, TimeSpan.FromSeconds(10));
        Assert.Equal(0, broker.Core.Inspector.LiteSubscriptionCount);
        Assert.Empty(broker.Core.Inspector.Clients());
    }

    [Fact]
    public void TheAdminViewListsLiteTopicsLargestBacklogFirst()
    {
        using var broker = new EngineHarness();
        var client = broker.Connect("c", ClientType.LitePushConsumer, "gateway", "downlink");
        broker.SyncLite(client, "gateway", LiteSubscriptionAction.PartialAdd, "big");
        for (var i = 0; i < 5; i++)
        {
            broker.SendOk("downlink", "x", liteTopic: "big");
        }

        broker.SendOk("downlink", "x", liteTopic: "small");
        for (var i = 0; i < 3; i++)
        {
            broker.SendOk("downlink", "x", liteTopic: "middle");
        }

        var top = broker.Core.Inspector.LiteTopics("downlink", 2);
        Assert.Equal(["big", "middle"], top.Select(topic => topic.LiteTopic));
        Assert.Equal(5, top[0].Backlog);
        Assert.Equal("c", Assert.Single(top[0].Subscribers).ClientId);
    }

    [Fact]
    public void ALiteTopicOverItsThresholdRaisesAnAlertUntilItDrains()
    {
        using var broker = new EngineHarness(options =>
        {
            options.Topics.Add("alerted:LITE:alert-backlog=2");
            options.LiteTopicBacklogThresholds["alerted/quiet"] = 100;
        });
        for (var i = 0; i < 3; i++)
        {
            broker.SendOk("alerted", "x", liteTopic: "noisy");
            broker.SendOk("alerted", "x", liteTopic: "quiet");
        }

        broker.Core.Alerts.Evaluate();
        var alert = Assert.Single(broker.Core.Inspector.Alerts());
        Assert.Equal(("alerted", "noisy", 3L, 2L), (alert.ParentTopic, alert.LiteTopic, alert.Backlog, alert.Threshold));
    }
}
