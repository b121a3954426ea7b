using System.Diagnostics;
using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.Broker.Diagnostics;

/// <summary>
/// The broker's spans (ActivitySource <c>VoiceAgent.Broker</c>): one <c>store {topic}</c> span per message of a send,
/// a child of the producer's span named by the message's W3C <c>trace_context</c>, so that the broker appears in the
/// trace between the producer's send and the consumer's process.
/// </summary>
/// <remarks>
/// Kind SERVER: the messaging conventions define spans for producers and consumers only; an intermediary serving
/// the producer's synchronous send request is a server, which keeps the send span's latency critical path intact.
/// </remarks>
internal static class BrokerActivities
{
    private const string OperationName = "store";

    public static readonly ActivitySource Source = new(BrokerTelemetry.Name);

    /// <summary>One started span per message, or null when nobody listens (the common, cheap case).</summary>
    public static Activity?[]? StartStore(IReadOnlyList<Message> messages)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        // The spans are siblings, none of them current: the request's own activity stays the ambient one.
        var current = Activity.Current;
        var activities = new Activity?[messages.Count];
        for (var i = 0; i < activities.Length; i++)
        {
            activities[i] = StartStore(messages[i]);
            Activity.Current = current;
        }

        return activities;
    }

    /// <summary>Tags each span with what the store stamped on its message (type, queue) and its outcome, then ends it.</summary>
    public static void StopStore(Activity?[]? activities, IReadOnlyList<Message> messages, IReadOnlyList<SendResultEntry> entries)
    {
        if (activities is null)
        {
            return;
        }

        var current = Activity.Current;
        for (var i = 0; i < activities.Length; i++)
        {
            if (activities[i] is not { } activity)
            {
                continue;
            }

            var properties = messages[i].SystemProperties;
            if (properties is not null)
            {
                activity.SetTag("messaging.rocketmq.message.type", TypeName(properties.MessageType));
                activity.SetTag("messaging.destination.partition.id", properties.QueueId);
            }

            if (i < entries.Count && entries[i].Status is { } status && status.Code != Code.Ok)
            {
                activity.SetStatus(ActivityStatusCode.Error, status.Message);
                activity.SetTag("error.type", status.Code.ToString());
            }

            activity.Dispose();
        }

        Activity.Current = current;
    }

    private static Activity? StartStore(Message message)
    {
        var properties = message.SystemProperties;
        var topic = message.Topic?.Name ?? string.Empty;
        ActivityContext parent = default;
        if (properties is { TraceContext.Length: > 0 })
        {
            ActivityContext.TryParse(properties.TraceContext, null, isRemote: true, out parent);
        }

        var activity = Source.StartActivity($"{OperationName} {topic}", ActivityKind.Server, parent);
        if (activity is null || !activity.IsAllDataRequested)
        {
            return activity;
        }

        activity.SetTag("messaging.system", "rocketmq");
        activity.SetTag("messaging.operation.name", OperationName);
        activity.SetTag("messaging.destination.name", topic);
        activity.SetTag("messaging.message.body.size", message.Body.Length);
        if (properties is null)
        {
            return activity;
        }

        activity.SetTag("messaging.message.id", properties.MessageId);
        if (properties.HasMessageGroup)
        {
            activity.SetTag("messaging.rocketmq.message.group", properties.MessageGroup);
        }

        if (properties.HasLiteTopic)
        {
            activity.SetTag("messaging.rocketmq.message.lite_topic", properties.LiteTopic);
        }

        if (properties.HasTag)
        {
            activity.SetTag("messaging.rocketmq.message.tag", properties.Tag);
        }

        return activity;
    }

    private static string TypeName(MessageType type) => type switch
    {
        MessageType.Fifo => "fifo",
        MessageType.Delay => "delay",
        MessageType.Lite => "lite",
        MessageType.Transaction => "transaction",
        MessageType.Priority => "priority",
        _ => "normal",
    };
}
