using VoiceAgent.RocketMQ.Protocol;
using VoiceAgent.Tests.Infrastructure;
using Xunit.Abstractions;

namespace VoiceAgent.Tests.Broker;

[Collection(HeapMeasurementCollection.Name)]
public sealed class LiteScaleTests(ITestOutputHelper output)
{
    [Fact]
    public async Task TenThousandLiteTopicsAreDeliveredAndAnIdleOneCostsLittleMemory()
    {
        const int Count = 10_000;
        using var broker = new EngineHarness(options => options.Groups.Add("wide:lite-bind=downlink:lite-quota=20000"));
        var liteClient = broker.Connect("lite-gateway", ClientType.LitePushConsumer, "wide", "downlink");
        var names = Enumerable.Range(0, Count).Select(i => $"session-{i}").ToArray();
        foreach (var chunk in names.Chunk(1000))
        {
            Assert.True(broker.SyncLite(liteClient, "wide", LiteSubscriptionAction.PartialAdd, chunk).IsOk);
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);

        foreach (var name in names)
        {
            broker.SendOk("downlink", "hello", liteTopic: name);
        }

        var received = 0;
        while (received < Count)
        {
            var deliveries = await broker.ReceiveAsync(liteClient, "wide", "downlink", autoRenew: true, poll: TimeSpan.FromSeconds(5));
            Assert.NotEmpty(deliveries);
            foreach (var delivery in deliveries)
            {
                Assert.True(broker.Ack(delivery, "wide").IsOk);
            }

            received += deliveries.Count;
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        var perTopic = (after - before) / (double)Count;
        output.WriteLine($"{Count} idle lite topics (one message each, consumed): {perTopic:F0} bytes per lite topic");
        Assert.Equal(Count, broker.Core.Inspector.LiteTopicCount);
        Assert.Equal(0, broker.Core.Inspector.StoredBytes);
        Assert.True(perTopic < 4096, $"an idle lite topic takes {perTopic:F0} bytes");
    }
}
