namespace VoiceAgent.Broker.Configuration;

/// <summary>The message type a topic accepts, as in RocketMQ's <c>message.type</c> attribute.</summary>
public enum TopicType
{
    Normal,
    Fifo,
    Delay,
    Lite,
}
