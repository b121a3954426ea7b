using Microsoft.Extensions.Configuration;
using VoiceAgent.Broker.Clients;
using VoiceAgent.Broker.Configuration;
using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.Tests.Broker;

/// <summary>
/// The replay window of a LITE topic (<c>retain=...</c>): settled messages stay for that long, so that a subscription
/// with an offset option can deliver them again; retained bytes give way before any send is refused.
/// </summary>
public sealed class ReplayWindowTests
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(5);

    [Fact]
    public void TheRetainSettingParsesOnLiteTopicsOnly()
    {
        Assert.Equal(TimeSpan.FromMinutes(2), TopicDefinition.Parse("voice-downlink:LITE:expiration=10m,retain=2m").Retain);
        Assert.Equal(TimeSpan.FromSeconds(90), TopicDefinition.Parse("d:LITE:retain=90s").Retain);
        Assert.Equal(TimeSpan.FromMinutes(3), TopicDefinition.Parse("d:LITE:retain=3").Retain);
        Assert.Null(TopicDefinition.Parse("d:LITE:retain=0").Retain);
        Assert.Null(TopicDefinition.Parse("d:LITE").Retain);
        Assert.Throws<FormatException>(() => TopicDefinition.Parse("u:FIFO:retain=2m"));
        Assert.Throws<FormatException>(() => TopicDefinition.Parse("d:LITE:retain=-1m"));
        Assert.Throws<FormatException>(() => TopicDefinition.Parse("d:LITE:retain=later"));
    }

    [Fact]
    public void TheWindowComesFromBrokerConfigurationAndFromTheCommandLine()
    {
        var (settings, _) = BrokerCommandLine.Parse(["--topic", "voice-downlink:LITE:expiration=10m,retain=2m"]);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Broker:Topics:1"] = "replies:LITE:retain=30s" })
            .AddInMemoryCollection(settings)
            .Build();
        var options = new BrokerOptions();
        configuration.GetSection(BrokerOptions.SectionName).Bind(options);

        using var broker = new EngineHarness(o => o.Topics.AddRange(options.Topics));
        Assert.Equal(120_000, broker.Core.Topics.Find("voice-downlink")!.RetainMs);
        Assert.Equal(30_000, broker.Core.Topics.Find("replies")!.RetainMs);
    }

    [Fact]
    public async Task SettledMessagesStayForTheWindowAndAnOffsetResetDeliversThemAgainInOrder()
    {
        using var broker = Harness();
        for (var i = 0; i < 5; i++)
        {
            broker.SendOk("replay", $"m{i}", liteTopic: "session");
        }

        var first = Gateway(broker, "gw-1");
        Assert.True(broker.Subscribe(first, "replayers", "replay", "session").IsOk);
        var delivered = await broker.ReceiveAsync(first, "replayers", "replay", autoRenew: true, poll: Poll);
        Assert.Equal([0L, 1, 2, 3, 4], delivered.Select(d => broker.Deliver(d).SystemProperties.QueueOffset));
        foreach (var delivery in delivered)
        {
            Assert.True(broker.Ack(delivery, "replayers").IsOk);
        }

        var queue = LiteQueue(broker, "replay", "session");
        Assert.Equal(5, queue.Log.Count);
        Assert.Equal(queue.Log.Bytes, queue.Log.RetainedBytes);
        Assert.Equal(0, Backlog(broker, "replayers"));
        Assert.Empty(await broker.ReceiveAsync(first, "replayers", "replay", poll: TimeSpan.FromMilliseconds(100)));

        // A new subscriber resumes after offset 1: offsets 2, 3, 4 again, as first deliveries, in order.
        var second = Gateway(broker, "gw-2");
        Assert.True(broker.Subscribe(second, "replayers", "replay", "session", new OffsetOption { Offset = 2 }).IsOk);
        var replayed = await broker.ReceiveAsync(second, "replayers", "replay", autoRenew: true, poll: Poll);
        Assert.Equal(["m2", "m3", "m4"], replayed.Select(EngineHarness.Body));
        Assert.Equal([2L, 3, 4], replayed.Select(d => broker.Deliver(d).SystemProperties.QueueOffset));
        Assert.All(replayed, d => Assert.Equal(1, d.Attempt));
        Assert.Equal(queue.Log.Bytes - (3 * queue.Log.Get(2)!.Size), queue.Log.RetainedBytes);
    }

    [Fact]
    public async Task AnOffsetResetClearsTheFifoBlockOfDeliveriesInFlight()
    {
        using var broker = Harness();
        broker.SendOk("replay", "a", liteTopic: "session");
        broker.SendOk("replay", "b", liteTopic: "session");
        var dead = Gateway(broker, "gw-dead");
        broker.Subscribe(dead, "replayers", "replay", "session");
        var lost = await broker.ReceiveAsync(dead, "replayers", "replay", autoRenew: true, poll: Poll);
        Assert.Equal(2, lost.Count);

        // The holder never acks (it died); the next subscriber resets to offset 0 and gets both at once.
        var next = Gateway(broker, "gw-next");
        broker.Subscribe(next, "replayers", "replay", "session", new OffsetOption { Offset = 0 });
        var replayed = await broker.ReceiveAsync(next, "replayers", "replay", autoRenew: true, poll: Poll);
        Assert.Equal(["a", "b"], replayed.Select(EngineHarness.Body));
        Assert.Equal(Code.InvalidReceiptHandle, broker.Ack(lost[0], "replayers").Code);
        Assert.True(broker.Ack(replayed[0], "replayers").IsOk);
    }

    [Fact]
    public async Task WithoutAWindowSettledMessagesAreDroppedAndAnOldOffsetStartsAtTheOldestStored()
    {
        using var broker = new EngineHarness();
        for (var i = 0; i < 3; i++)
        {
            broker.SendOk("downlink", $"m{i}", liteTopic: "session");
        }

        var first = broker.Connect("gw-1", ClientType.LitePushConsumer, "gateway", "downlink");
        broker.Subscribe(first, "gateway", "downlink", "session");
        foreach (var delivery in await broker.ReceiveAsync(first, "gateway", "downlink", autoRenew: true, poll: Poll))
        {
            Assert.True(broker.Ack(delivery, "gateway").IsOk);
        }

        Assert.Equal(0, broker.Core.Inspector.StoredBytes);
        broker.SendOk("downlink", "m3", liteTopic: "session");
        var second = broker.Connect("gw-2", ClientType.LitePushConsumer, "gateway", "downlink");
        broker.Subscribe(second, "gateway", "downlink", "session", new OffsetOption { Offset = 0 });
        var delivered = Assert.Single(await broker.ReceiveAsync(second, "gateway", "downlink", autoRenew: true, poll: Poll));
        Assert.Equal(3, broker.Deliver(delivered).SystemProperties.QueueOffset);
    }

    [Fact]
    public async Task RetainedMessagesLeaveWhenTheWindowPassesAndAnOlderOffsetStartsAtTheOldestRetained()
    {
        using var broker = Harness("short:LITE:retain=300ms", "short-readers:lite-bind=short");
        var client = broker.Connect("gw", ClientType.LitePushConsumer, "short-readers", "short");
        broker.Subscribe(client, "short-readers", "short", "session");
        broker.SendOk("short", "old-0", liteTopic: "session");
        broker.SendOk("short", "old-1", liteTopic: "session");
        await AckAllAsync(broker, client, "short-readers", "short", expected: 2);
        Assert.True(broker.Core.Inspector.StoredBytes > 0);

        await Eventually.TrueAsync(() => broker.Core.Housekeeping.ExpireRetained() > 0, TimeSpan.FromSeconds(10), "the window closes");
        Assert.Equal(0, broker.Core.Inspector.StoredBytes);

        broker.SendOk("short", "kept", liteTopic: "session");
        await AckAllAsync(broker, client, "short-readers", "short", expected: 1);
        var late = broker.Connect("gw-late", ClientType.LitePushConsumer, "short-readers", "short");
        broker.Subscribe(late, "short-readers", "short", "session", new OffsetOption { Offset = 0 });
        var delivered = Assert.Single(await broker.ReceiveAsync(late, "short-readers", "short", autoRenew: true, poll: Poll));
        Assert.Equal(("kept", 2L), (EngineHarness.Body(delivered), broker.Deliver(delivered).SystemProperties.QueueOffset));
    }

    [Fact]
    public async Task RetainedBytesGiveWayBeforeTheQueueLimitRefusesASend()
    {
        var body = new string('x', 200);
        using var broker = Harness(configure: options => options.MaxQueueBytes = 2_000);
        var stored = 0;
        while (broker.Send("replay", body, liteTopic: "session").Status.Code == Code.Ok)
        {
            stored++;
        }

        Assert.InRange(stored, 3, 10);
        Assert.Equal(Code.TooManyRequests, broker.Send("replay", body, liteTopic: "session").Status.Code);

        var client = Gateway(broker, "gw");
        broker.Subscribe(client, "replayers", "replay", "session");
        await AckAllAsync(broker, client, "replayers", "replay", expected: stored);
        var queue = LiteQueue(broker, "replay", "session");
        Assert.Equal(stored, queue.Log.Count);

        // Everything stored is retained now: new messages take its place, oldest first, and are never refused for it.
        for (var i = 0; i < stored; i++)
        {
            broker.SendOk("replay", body, liteTopic: "session");
        }

        Assert.Equal(stored, queue.Log.UnsettledCount);
        Assert.Equal(Code.TooManyRequests, broker.Send("replay", body, liteTopic: "session").Status.Code);
    }

    [Fact]
    public async Task RetainedBytesAnywhereGiveWayBeforeTheBrokerLimitRefusesASend()
    {
        var body = new string('y', 500);
        using var broker = Harness(configure: options => options.MaxTotalBytes = 4_000);
        var client = Gateway(broker, "gw");
        broker.Subscribe(client, "replayers", "replay", "full");
        var stored = 0;
        while (broker.Send("replay", body, liteTopic: "full").Status.Code == Code.Ok)
        {
            stored++;
        }

        await AckAllAsync(broker, client, "replayers", "replay", expected: stored);
        var retainedBefore = broker.Core.Inspector.StoredBytes;
        Assert.True(retainedBefore > 3_000, $"retained {retainedBefore} bytes");

        broker.SendOk("replay", body, liteTopic: "other");
        broker.SendOk("replay", body, liteTopic: "other");
        Assert.True(broker.Core.Inspector.StoredBytes <= 4_000);
        Assert.True(LiteQueue(broker, "replay", "full").Log.RetainedBytes < retainedBefore);
    }

    [Fact]
    public void TheAdminViewShowsTheWindowAndTheRetainedBytes()
    {
        using var broker = Harness();
        var topic = broker.Core.Inspector.Topics().Single(t => t.Name == "replay");
        Assert.Equal(600, topic.RetainSeconds);
        Assert.Equal(0, topic.RetainedBytes);
        Assert.Null(broker.Core.Inspector.Topics().Single(t => t.Name == "downlink").RetainSeconds);
    }

    private static EngineHarness Harness(string? topic = null, string? group = null, Action<BrokerOptions>? configure = null) =>
        new(options =>
        {
            options.Topics.Add(topic ?? "replay:LITE:expiration=10m,retain=10m");
            options.Groups.Add(group ?? "replayers:lite-bind=replay:exclusive");
            configure?.Invoke(options);
        });

    private static ClientSession Gateway(EngineHarness broker, string clientId) =>
        broker.Connect(clientId, ClientType.LitePushConsumer, "replayers", "replay");

    private static VoiceAgent.Broker.Storage.BrokerQueue LiteQueue(EngineHarness broker, string parent, string liteTopic) =>
        broker.Core.Topics.FindLiteTopic(broker.Core.Topics.Find(parent)!, liteTopic)!;

    private static long Backlog(EngineHarness broker, string group) =>
        broker.Core.Inspector.Groups().Single(g => g.Name == group).Backlog.Sum(b => b.Backlog);

    private static async Task AckAllAsync(EngineHarness broker, ClientSession client, string group, string parent, int expected)
    {
        var acked = 0;
        while (acked < expected)
        {
            var deliveries = await broker.ReceiveAsync(client, group, parent, autoRenew: true, poll: Poll);
            Assert.NotEmpty(deliveries);
            foreach (var delivery in deliveries)
            {
                Assert.True(broker.Ack(delivery, group).IsOk);
                acked++;
            }
        }
    }
}
