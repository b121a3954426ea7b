using Google.Protobuf.WellKnownTypes;
using VoiceAgent.RocketMQ.Protocol;
using Proto = VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.RocketMQ;

/// <summary>
/// Turns a <see cref="Message"/> into the protocol message a producer sends: a new message id, the system
/// properties of its kind, the trace context, and the body without copying it. Queue id and born time are set
/// per attempt by the producer.
/// </summary>
internal static class PublishingMessageEncoder
{
    public static Proto.Message Encode(Message message, string @namespace, Proto.MessageType type, string? traceParent)
    {
        var system = new SystemProperties
        {
            MessageId = MessageIdGenerator.Next(),
            BornHost = ClientIdentity.HostName,
            BodyEncoding = Proto.Encoding.Identity,
            MessageType = type,
        };

        if (message.Tag is not null)
        {
            system.Tag = message.Tag;
        }

        if (message.Keys.Count > 0)
        {
            system.Keys.AddRange(message.Keys);
        }

        if (message.MessageGroup is not null)
        {
            system.MessageGroup = message.MessageGroup;
        }

        if (message.LiteTopic is not null)
        {
            system.LiteTopic = message.LiteTopic;
        }

        if (message.DeliveryTimestamp is { } delivery)
        {
            system.DeliveryTimestamp = Timestamp.FromDateTimeOffset(delivery);
        }

        if (traceParent is not null)
        {
            system.TraceContext = traceParent;
        }

        var proto = new Proto.Message
        {
            Topic = new Resource { ResourceNamespace = @namespace, Name = message.Topic },
            SystemProperties = system,
            Body = MessageView.WrapBody(message.Body),
        };

        foreach (var (key, value) in message.Properties)
        {
            proto.UserProperties[key] = value;
        }

        return proto;
    }

    public static Proto.MessageType ToProtobuf(MessageType type) => type switch
    {
        MessageType.Fifo => Proto.MessageType.Fifo,
        MessageType.Delay => Proto.MessageType.Delay,
        MessageType.Lite => Proto.MessageType.Lite,
        _ => Proto.MessageType.Normal,
    };
}
