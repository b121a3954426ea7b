using System.Diagnostics;

namespace VoiceAgent.RocketMQ;

/// <summary>
/// Spans named and tagged per the OpenTelemetry messaging conventions, and the W3C trace context carried in
/// <c>SystemProperties.trace_context</c> so that a consumer's process span continues the producer's trace.
/// </summary>
internal static class RocketMQActivities
{
    public static readonly ActivitySource Source = new(RocketMQInstrumentation.ActivitySourceName, ClientIdentity.Version);

    public static Activity? StartSend(string topic, string clientId, Message first, int count)
    {
        var activity = Source.StartActivity($"send {topic}", ActivityKind.Producer);
        if (activity is null)
        {
            return null;
        }

        AddCommon(activity, topic, clientId, "send", "send");
        activity.SetTag("messaging.rocketmq.message.type", TypeName(first.Type));
        if (count > 1)
        {
            activity.SetTag("messaging.batch.message_count", count);
        }

        if (first.Tag is { } tag)
        {
            activity.SetTag("messaging.rocketmq.message.tag", tag);
        }

        if (first.MessageGroup is { } group)
        {
            activity.SetTag("messaging.rocketmq.message.group", group);
        }

        if (first.LiteTopic is { } liteTopic)
        {
            activity.SetTag("messaging.rocketmq.message.lite_topic", liteTopic);
        }

        if (first.Keys.Count > 0)
        {
            activity.SetTag("messaging.rocketmq.message.keys", first.Keys.ToArray());
        }

        if (first.DeliveryTimestamp is { } delivery)
        {
            activity.SetTag("messaging.rocketmq.message.delivery_timestamp", delivery.ToUnixTimeMilliseconds());
        }

        return activity;
    }

    public static Activity? StartReceive(string topic, string clientId, string consumerGroup)
    {
        var activity = Source.StartActivity($"receive {topic}", ActivityKind.Client);
        if (activity is not null)
        {
            AddCommon(activity, topic, clientId, "receive", "receive");
            activity.SetTag("messaging.consumer.group.name", consumerGroup);
            activity.SetTag("messaging.rocketmq.client_group", consumerGroup);
        }

        return activity;
    }

    /// <summary>Starts the process span as a child of the producer's span when the message carries one.</summary>
    public static Activity? StartProcess(MessageView message, string clientId, string consumerGroup)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        ActivityContext parent = default;
        if (message.TraceContext is { } traceParent)
        {
            ActivityContext.TryParse(traceParent, null, isRemote: true, out parent);
        }

        var activity = Source.StartActivity($"process {message.Topic}", ActivityKind.Consumer, parent);
        if (activity is null)
        {
            return null;
        }

        AddCommon(activity, message.Topic, clientId, "process", "process");
        activity.SetTag("messaging.consumer.group.name", consumerGroup);
        activity.SetTag("messaging.rocketmq.client_group", consumerGroup);
        activity.SetTag("messaging.message.id", message.MessageId);
        activity.SetTag("messaging.message.body.size", message.Body.Length);
        activity.SetTag("messaging.rocketmq.message.type", TypeName(message.Type));
        activity.SetTag("messaging.rocketmq.message.delivery_attempt", message.DeliveryAttempt);
        if (message.Tag is { } tag)
        {
            activity.SetTag("messaging.rocketmq.message.tag", tag);
        }

        if (message.MessageGroup is { } group)
        {
            activity.SetTag("messaging.rocketmq.message.group", group);
        }

        if (message.LiteTopic is { } liteTopic)
        {
            activity.SetTag("messaging.rocketmq.message.lite_topic", liteTopic);
        }

        return activity;
    }

    /// <summary>The <c>traceparent</c> to put in messages sent under <paramref name="activity"/> (or the current span).</summary>
    public static string? TraceParentOf(Activity? activity)
    {
        var source = activity ?? Activity.Current;
        return source is { IdFormat: ActivityIdFormat.W3C } ? source.Id : null;
    }

    public static void SetError(Activity? activity, Exception exception)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetStatus(ActivityStatusCode.Error, exception.Message);
        activity.SetTag("error.type", exception.GetType().FullName);
    }

    private static void AddCommon(Activity activity, string topic, string clientId, string operationType, string operationName)
    {
        activity.SetTag("messaging.system", "rocketmq");
        activity.SetTag("messaging.destination.name", topic);
        activity.SetTag("messaging.operation.type", operationType);
        activity.SetTag("messaging.operation.name", operationName);
        activity.SetTag("messaging.client.id", clientId);
    }

    private static string TypeName(MessageType type) => type switch
    {
        MessageType.Fifo => "fifo",
        MessageType.Delay => "delay",
        MessageType.Lite => "lite",
        _ => "normal",
    };
}
