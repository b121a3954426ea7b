using Google.Protobuf;
using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.Broker.Storage;

/// <summary>
/// The parts of a stored message that are the same in every delivery: the message without its system properties
/// (sharing the body, which protobuf never copies), and the stored system properties already serialized. A delivery
/// appends its own system properties (receipt handle, attempt, invisible time, offset) after the serialized ones,
/// inside the same field, so nothing is cloned or serialized again per delivery.
/// </summary>
internal sealed class DeliveryWireParts
{
    public DeliveryWireParts(Message template)
    {
        var envelope = template.Clone();
        envelope.SystemProperties = null;
        Envelope = envelope;
        EnvelopeSize = envelope.CalculateSize();
        SystemProperties = template.SystemProperties?.ToByteArray() ?? [];
    }

    /// <summary>The message without <see cref="Message.SystemProperties"/>; never changed.</summary>
    public Message Envelope { get; }

    public int EnvelopeSize { get; }

    /// <summary>The stored system properties, serialized (without the per-delivery fields, which are never stored).</summary>
    public byte[] SystemProperties { get; }
}
