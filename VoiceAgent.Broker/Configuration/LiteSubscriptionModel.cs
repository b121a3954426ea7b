namespace VoiceAgent.Broker.Configuration;

/// <summary>Whether several clients of a lite group may hold the same lite topic (RocketMQ's <c>lite.sub.model</c>).</summary>
public enum LiteSubscriptionModel
{
    Shared,
    Exclusive,
}
