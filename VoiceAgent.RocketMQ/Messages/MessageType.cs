namespace VoiceAgent.RocketMQ;

/// <summary>What kind of message this is; it must be a type the topic accepts.</summary>
public enum MessageType
{
    /// <summary>An ordinary message.</summary>
    Normal,

    /// <summary>A message with a message group, delivered in order within its group.</summary>
    Fifo,

    /// <summary>A message with a delivery timestamp, delivered no earlier than that time.</summary>
    Delay,

    /// <summary>A message for one lite topic (a per-key channel) under a LITE parent topic.</summary>
    Lite,
}
