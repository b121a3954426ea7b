namespace VoiceAgent.RocketMQ;

/// <summary>
/// A message to send: topic and body, with optional tag, keys, properties, and at most one of message group
/// (FIFO), lite topic (LITE) or delivery timestamp (delayed). Build one with <see cref="CreateBuilder"/>.
/// The body is not copied: do not change its bytes after building.
/// </summary>
public sealed class Message
{
    internal Message(
        string topic,
        ReadOnlyMemory<byte> body,
        string? tag,
        IReadOnlyList<string> keys,
        IReadOnlyDictionary<string, string> properties,
        string? messageGroup,
        string? liteTopic,
        DateTimeOffset? deliveryTimestamp)
    {
        Topic = topic;
        Body = body;
        Tag = tag;
        Keys = keys;
        Properties = properties;
        MessageGroup = messageGroup;
        LiteTopic = liteTopic;
        DeliveryTimestamp = deliveryTimestamp;
        Type = liteTopic is not null ? MessageType.Lite
            : messageGroup is not null ? MessageType.Fifo
            : deliveryTimestamp is not null ? MessageType.Delay
            : MessageType.Normal;
    }

    public string Topic { get; }

    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>A tag consumers can filter on.</summary>
    public string? Tag { get; }

    /// <summary>Keys to look the message up by.</summary>
    public IReadOnlyList<string> Keys { get; }

    /// <summary>User properties.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; }

    /// <summary>The FIFO message group: messages of one group are delivered in order.</summary>
    public string? MessageGroup { get; }

    /// <summary>The lite topic under the LITE parent <see cref="Topic"/>.</summary>
    public string? LiteTopic { get; }

    /// <summary>The earliest delivery time of a delayed message.</summary>
    public DateTimeOffset? DeliveryTimestamp { get; }

    public MessageType Type { get; }

    public static MessageBuilder CreateBuilder() => new();

    public override string ToString() =>
        $"Message(topic={Topic}, type={Type}, tag={Tag}, group={MessageGroup}, liteTopic={LiteTopic}, bodySize={Body.Length})";
}
