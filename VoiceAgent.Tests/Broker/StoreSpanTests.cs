using System.Collections.Concurrent;
using System.Diagnostics;
using VoiceAgent.Broker.Diagnostics;
using VoiceAgent.RocketMQ;
using VoiceAgent.Tests.Integration;
using Code = VoiceAgent.RocketMQ.Protocol.Code;

namespace VoiceAgent.Tests.Broker;

/// <summary>The broker's store span continues the producer's trace, named by the message's W3C trace context.</summary>
public sealed class StoreSpanTests
{
    [Fact]
    public async Task EachStoredMessageGetsAStoreSpanUnderTheProducersSendSpanWithTheMessagingAttributes()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is BrokerTelemetry.Name or RocketMQInstrumentation.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        await using var broker = await IntegrationBroker.StartAsync();
        var producer = await broker.CreateProducerAsync("uplink", "downlink");
        using var root = new Activity("turn").SetIdFormat(ActivityIdFormat.W3C).Start();
        var fifo = await producer.SendAsync(Message.CreateBuilder().SetTopic("uplink").SetMessageGroup("session-a").SetBody("commit"u8.ToArray()).Build())
            .WaitAsync(IntegrationBroker.Timeout);
        var lite = await producer.SendAsync(Message.CreateBuilder().SetTopic("downlink").SetLiteTopic("session-a").SetBody("event"u8.ToArray()).Build())
            .WaitAsync(IntegrationBroker.Timeout);
        root.Stop();

        var fifoStore = AssertStoreSpan(stopped, root, fifo.MessageId, "uplink", "fifo");
        Assert.Equal("session-a", fifoStore.GetTagItem("messaging.rocketmq.message.group"));
        var liteStore = AssertStoreSpan(stopped, root, lite.MessageId, "downlink", "lite");
        Assert.Equal("session-a", liteStore.GetTagItem("messaging.rocketmq.message.lite_topic"));
    }

    [Fact]
    public async Task ARefusedMessagesStoreSpanEndsInErrorWithTheStatusCode()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == BrokerTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        await using var broker = await IntegrationBroker.StartAsync();
        await using var client = new RawClient(broker.Broker);
        var accepted = await client.SendAsync("uplink", "commit", messageGroup: "session-b").WaitAsync(IntegrationBroker.Timeout);
        var refused = await client.SendAsync("uplink", "no message group").WaitAsync(IntegrationBroker.Timeout);
        Assert.Equal(Code.Ok, accepted.Status.Code);
        Assert.Equal(Code.MessagePropertyConflictWithType, refused.Status.Code);

        var ok = Assert.Single(stopped, a => Equals(a.GetTagItem("messaging.message.id"), accepted.Entries[0].MessageId));
        Assert.Equal(ActivityStatusCode.Unset, ok.Status);
        Assert.Equal("0", ok.GetTagItem("messaging.destination.partition.id")?.ToString());
        var error = Assert.Single(stopped, a => Equals(a.GetTagItem("messaging.message.id"), refused.Entries[0].MessageId));
        Assert.Equal("store uplink", error.DisplayName);
        Assert.Equal(ActivityStatusCode.Error, error.Status);
        Assert.Equal(nameof(Code.MessagePropertyConflictWithType), error.GetTagItem("error.type"));
    }

    private static Activity AssertStoreSpan(IEnumerable<Activity> stopped, Activity root, string messageId, string topic, string type)
    {
        var send = Assert.Single(stopped, a => a.Source.Name == RocketMQInstrumentation.ActivitySourceName && Equals(a.GetTagItem("messaging.message.id"), messageId));
        var store = Assert.Single(stopped, a => a.Source.Name == BrokerTelemetry.Name && Equals(a.GetTagItem("messaging.message.id"), messageId));
        Assert.Equal($"store {topic}", store.DisplayName);
        Assert.Equal(ActivityKind.Server, store.Kind);
        Assert.Equal(root.TraceId, store.TraceId);
        Assert.Equal(send.SpanId, store.ParentSpanId);
        Assert.Equal("rocketmq", store.GetTagItem("messaging.system"));
        Assert.Equal(topic, store.GetTagItem("messaging.destination.name"));
        Assert.Equal(type, store.GetTagItem("messaging.rocketmq.message.type"));
        Assert.Equal(ActivityStatusCode.Unset, store.Status);
        return store;
    }
}
