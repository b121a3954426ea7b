namespace VoiceAgent.Broker.Diagnostics;

/// <summary>The names under which the broker reports metrics and traces.</summary>
public static class BrokerTelemetry
{
    /// <summary>The Meter and ActivitySource name.</summary>
    public const string Name = "VoiceAgent.Broker";

    internal const string TopicTag = "messaging.destination.name";
    internal const string GroupTag = "messaging.consumer.group.name";
    internal const string LiteTopicTag = "messaging.rocketmq.lite_topic";
    internal const string MessageTypeTag = "messaging.rocketmq.message.type";
    internal const string ReasonTag = "reason";
}
