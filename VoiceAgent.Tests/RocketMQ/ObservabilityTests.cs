using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Google.Protobuf;
using VoiceAgent.RocketMQ;
using VoiceAgent.RocketMQ.Protocol;
using VoiceAgent.Tests.RocketMQ.Fakes;
using FilterExpression = VoiceAgent.RocketMQ.FilterExpression;
using Message = VoiceAgent.RocketMQ.Message;
using MessageType = VoiceAgent.RocketMQ.Protocol.MessageType;

namespace VoiceAgent.Tests.RocketMQ;

public sealed class ObservabilityTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task TheProcessSpanContinuesTheTraceOfTheSendSpanAcrossTheBroker()
    {
        var topic = $"traced-{Guid.NewGuid():N}";
        var activities = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RocketMQInstrumentation.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (Equals(activity.GetTagItem("messaging.destination.name"), topic))
                {
                    activities.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        await using var server = await LoopbackServerAsync(topic, MessageType.Normal);
        await using var client = TestClients.Create(server);
        await using var producer = await client.CreateProducerAsync(new ProducerOptions { Topics = [topic] }).WaitAsync(Timeout);
        var consumed = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var consumer = await client.CreatePushConsumerAsync(
            new PushConsumerOptions { ConsumerGroup = "g", Subscriptions = { [topic] = FilterExpression.All } },
            (message, _) =>
            {
                consumed.TrySetResult(Activity.Current?.Id);
                return ValueTask.FromResult(ConsumeResult.Success);
            }).WaitAsync(Timeout);

        await producer.SendAsync(Message.CreateBuilder().SetTopic(topic).SetBody([1]).SetTag("t").Build()).WaitAsync(Timeout);
        var currentInHandler = await consumed.Task.WaitAsync(Timeout);
        await Eventually.TrueAsync(() => activities.Any(a => a.OperationName == $"process {topic}"), "the process span to end");

        var send = Assert.Single(activities, a => a.OperationName == $"send {topic}");
        var process = Assert.Single(activities, a => a.OperationName == $"process {topic}");
        Assert.Contains(activities, a => a.OperationName == $"receive {topic}" && a.Kind == ActivityKind.Client);
        Assert.Equal(ActivityKind.Producer, send.Kind);
        Assert.Equal(ActivityKind.Consumer, process.Kind);
        Assert.Equal(send.TraceId, process.TraceId);
        Assert.Equal(send.SpanId, process.ParentSpanId);
        Assert.Equal(process.Id, currentInHandler);
        Assert.Equal("rocketmq", send.GetTagItem("messaging.system"));
        Assert.Equal("send", send.GetTagItem("messaging.operation.type"));
        Assert.Equal("t", send.GetTagItem("messaging.rocketmq.message.tag"));
        Assert.Equal("normal", send.GetTagItem("messaging.rocketmq.message.type"));
        Assert.Equal("g", process.GetTagItem("messaging.consumer.group.name"));
        Assert.Equal(send.GetTagItem("messaging.message.id"), process.GetTagItem("messaging.message.id"));
        var sent = server.Requests<SendMessageRequest>().Single().Messages[0];
        Assert.Equal(send.Id, sent.SystemProperties.TraceContext);
    }

    [Fact]
    public async Task MetricsUseTheOfficialNamesAndTags()
    {
        var topic = $"metered-{Guid.NewGuid():N}";
        var measurements = new ConcurrentQueue<(string Name, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == RocketMQInstrumentation.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var map = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                map[tag.Key] = tag.Value;
            }

            if (Equals(map.GetValueOrDefault("topic"), topic))
            {
                measurements.Enqueue((instrument.Name, value, map));
            }
        }

        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        listener.Start();

        await using var server = await LoopbackServerAsync(topic, MessageType.Normal);
        await using var client = TestClients.Create(server);
        await using var producer = await client.CreateProducerAsync(new ProducerOptions { Topics = [topic] }).WaitAsync(Timeout);
        var inHandler = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var consumer = await client.CreatePushConsumerAsync(
            new PushConsumerOptions { ConsumerGroup = "g", Subscriptions = { [topic] = FilterExpression.All } },
            async (_, _) =>
            {
                inHandler.TrySetResult();
                await release.Task.WaitAsync(Timeout);
                return ConsumeResult.Success;
            }).WaitAsync(Timeout);

        await producer.SendAsync(Message.CreateBuilder().SetTopic(topic).SetBody(new byte[640]).Build()).WaitAsync(Timeout);
        await inHandler.Task.WaitAsync(Timeout);
        listener.RecordObservableInstruments();
        release.SetResult();
        await Eventually.TrueAsync(() => measurements.Any(m => m.Name == "rocketmq_process_time"), "the process time");

        var send = Assert.Single(measurements, m => m.Name == "rocketmq_send_cost_time");
        Assert.Equal(producer.ClientId, send.Tags["client_id"]);
        Assert.Equal("success", send.Tags["invocation_status"]);
        var process = Assert.Single(measurements, m => m.Name == "rocketmq_process_time");
        Assert.Equal((consumer.ClientId, "g", "success"), (process.Tags["client_id"], process.Tags["consumer_group"], process.Tags["invocation_status"]));
        Assert.Contains(measurements, m => m.Name == "rocketmq_delivery_latency" && Equals(m.Tags["consumer_group"], "g"));
        Assert.Contains(measurements, m => m.Name == "rocketmq_await_time" && Equals(m.Tags["client_id"], consumer.ClientId));
        Assert.Contains(measurements, m => m.Name == "rocketmq_consumer_cached_messages" && m.Value == 1 && Equals(m.Tags["consumer_group"], "g"));
        Assert.Contains(measurements, m => m.Name == "rocketmq_consumer_cached_bytes" && m.Value == 640);
    }

    [Fact]
    public async Task AFailedSendIsMeasuredAsFailure()
    {
        var topic = $"failing-{Guid.NewGuid():N}";
        var statuses = new ConcurrentQueue<object?>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == RocketMQInstrumentation.MeterName && instrument.Name == "rocketmq_send_cost_time")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            var map = tags.ToArray().ToDictionary(t => t.Key, t => t.Value);
            if (Equals(map["topic"], topic))
            {
                statuses.Enqueue(map["invocation_status"]);
            }
        });
        listener.Start();
        await using var server = await FakeMessagingServer.StartAsync(s => s.Topics[topic] = (MessageType.Normal, 1));
        server.SendMessage = (_, _) => Task.FromResult(new SendMessageResponse { Status = FakeMessagingServer.Error(Code.Forbidden, "no") });
        await using var client = TestClients.Create(server);
        await using var producer = await client.CreateProducerAsync().WaitAsync(Timeout);

        await Assert.ThrowsAsync<ForbiddenException>(() => producer.SendAsync(Message.CreateBuilder().SetTopic(topic).SetBody([1]).Build()));

        Assert.Equal(["failure"], statuses);
    }

    /// <summary>A fake whose sends come back as deliveries, like a broker would hand them out.</summary>
    private static async Task<FakeMessagingServer> LoopbackServerAsync(string topic, MessageType type)
    {
        var server = await FakeMessagingServer.StartAsync(s => s.Topics[topic] = (type, 1));
        var accept = server.SendMessage;
        server.SendMessage = (request, context) =>
        {
            foreach (var sent in request.Messages)
            {
                var delivered = sent.Clone();
                delivered.SystemProperties.ReceiptHandle = server.NextReceiptHandle();
                delivered.SystemProperties.DeliveryAttempt = 1;
                delivered.SystemProperties.BodyDigest = BodyDigest.Md5Of(delivered.Body.Span);
                server.Deliver(delivered);
            }

            return accept(request, context);
        };
        return server;
    }
}
