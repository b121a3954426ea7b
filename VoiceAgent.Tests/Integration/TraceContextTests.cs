using System.Collections.Concurrent;
using System.Diagnostics;
using VoiceAgent.RocketMQ;

namespace VoiceAgent.Tests.Integration;

/// <summary>The W3C trace context crosses the broker: a consumer's process span continues the producer's trace.</summary>
public sealed class TraceContextTests
{
    [Fact]
    public async Task TheConsumersProcessSpanIsAChildOfTheProducersSendSpan()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RocketMQInstrumentation.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        await using var broker = await IntegrationBroker.StartAsync();
        var producer = await broker.CreateProducerAsync("uplink");
        var processed = new TaskCompletionSource<(ActivityTraceId TraceId, ActivitySpanId ParentId, ActivityKind Kind, string? TraceContext)>(
            TaskCreationOptions.RunContinuationsAsynchronously);
        await using var consumer = await broker.Client.CreatePushConsumerAsync(
            new PushConsumerOptions { ConsumerGroup = "processors", Subscriptions = { ["uplink"] = FilterExpression.All } },
            (message, _) =>
            {
                var current = Activity.Current;
                processed.TrySetResult((current?.TraceId ?? default, current?.ParentSpanId ?? default, current?.Kind ?? default, message.TraceContext));
                return ValueTask.FromResult(ConsumeResult.Success);
            }).WaitAsync(IntegrationBroker.Timeout);

        using var root = new Activity("turn").SetIdFormat(ActivityIdFormat.W3C).Start();
        var receipt = await producer.SendAsync(Message.CreateBuilder().SetTopic("uplink").SetMessageGroup("session").SetBody("commit"u8.ToArray()).Build())
            .WaitAsync(IntegrationBroker.Timeout);
        root.Stop();

        var (traceId, parentId, kind, traceContext) = await processed.Task.WaitAsync(IntegrationBroker.Timeout);
        var send = stopped.Single(a => a.Kind == ActivityKind.Producer && Equals(a.GetTagItem("messaging.message.id"), receipt.MessageId));
        Assert.Equal(root.TraceId, send.TraceId);
        Assert.Equal(root.SpanId, send.ParentSpanId);
        Assert.Equal(send.Id, traceContext);
        Assert.Equal(root.TraceId, traceId);
        Assert.Equal(send.SpanId, parentId);
        Assert.Equal(ActivityKind.Consumer, kind);
    }
}
