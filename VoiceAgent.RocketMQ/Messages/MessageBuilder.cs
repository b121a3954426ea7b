namespace VoiceAgent.RocketMQ;

/// <summary>Builds a <see cref="Message"/>, checking each value as the official clients do.</summary>
public sealed class MessageBuilder
{
    private readonly Dictionary<string, string> _properties = new(StringComparer.Ordinal);
    private string? _topic;
    private ReadOnlyMemory<byte>? _body;
    private string? _tag;
    private string[] _keys = [];
    private string? _messageGroup;
    private string? _liteTopic;
    private DateTimeOffset? _deliveryTimestamp;

    public MessageBuilder SetTopic(string topic)
    {
        ThrowIfBlank(topic, nameof(topic));
        _topic = topic;
        return this;
    }

    /// <summary>Sets the body without copying it.</summary>
    public MessageBuilder SetBody(ReadOnlyMemory<byte> body)
    {
        _body = body;
        return this;
    }

    public MessageBuilder SetBody(byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        _body = body;
        return this;
    }

    /// <summary>Sets the tag; it must not be blank or contain <c>|</c>.</summary>
    public MessageBuilder SetTag(string tag)
    {
        ThrowIfBlank(tag, nameof(tag));
        if (tag.Contains('|', StringComparison.Ordinal))
        {
            throw new ArgumentException("A tag must not contain '|'.", nameof(tag));
        }

        _tag = tag;
        return this;
    }

    /// <summary>Replaces the keys; none may be blank.</summary>
    public MessageBuilder SetKeys(params string[] keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var key in keys)
        {
            ThrowIfBlank(key, nameof(keys));
        }

        _keys = [.. keys];
        return this;
    }

    /// <summary>Adds or replaces a user property; neither key nor value may be blank.</summary>
    public MessageBuilder AddProperty(string key, string value)
    {
        ThrowIfBlank(key, nameof(key));
        ThrowIfBlank(value, nameof(value));
        _properties[key] = value;
        return this;
    }

    /// <summary>Makes this a FIFO message of <paramref name="messageGroup"/>.</summary>
    public MessageBuilder SetMessageGroup(string messageGroup)
    {
        ThrowIfBlank(messageGroup, nameof(messageGroup));
        _messageGroup = messageGroup;
        return this;
    }

    /// <summary>Makes this a LITE message for <paramref name="liteTopic"/> under the topic, a LITE parent.</summary>
    public MessageBuilder SetLiteTopic(string liteTopic)
    {
        ThrowIfBlank(liteTopic, nameof(liteTopic));
        _liteTopic = liteTopic;
        return this;
    }

    /// <summary>Makes this a delayed message, delivered no earlier than <paramref name="deliveryTimestamp"/>.</summary>
    public MessageBuilder SetDeliveryTimestamp(DateTimeOffset deliveryTimestamp)
    {
        _deliveryTimestamp = deliveryTimestamp;
        return this;
    }

    public Message Build()
    {
        if (_topic is null)
        {
            throw new InvalidOperationException("The message has no topic; call SetTopic.");
        }

        if (_body is null)
        {
            throw new InvalidOperationException("The message has no body; call SetBody.");
        }

        if (_liteTopic is not null && (_messageGroup is not null || _deliveryTimestamp is not null))
        {
            throw new InvalidOperationException("A lite topic message cannot also have a message group or a delivery timestamp.");
        }

        if (_messageGroup is not null && _deliveryTimestamp is not null)
        {
            throw new InvalidOperationException("A message cannot have both a message group and a delivery timestamp.");
        }

        return new Message(
            _topic,
            _body.Value,
            _tag,
            _keys,
            new Dictionary<string, string>(_properties, StringComparer.Ordinal),
            _messageGroup,
            _liteTopic,
            _deliveryTimestamp);
    }

    private static void ThrowIfBlank(string value, string name)
    {
        ArgumentNullException.ThrowIfNull(value, name);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException("The value must not be blank.", name);
        }
    }
}
