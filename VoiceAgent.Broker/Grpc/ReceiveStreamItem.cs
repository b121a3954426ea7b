using System.Buffers;
using Google.Protobuf;
using VoiceAgent.Grpc;
using VoiceAgent.Broker.Storage;
using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.Broker.Grpc;

/// <summary>
/// One response of the ReceiveMessage stream as the broker writes it: either a plain response (status, delivery
/// timestamp), or a delivered message, written as the bytes of <c>ReceiveMessageResponse{message}</c> straight from
/// the stored message's <see cref="DeliveryWireParts"/> plus the per-delivery system properties.
/// </summary>
internal readonly struct ReceiveStreamItem
{
    private const int LengthDelimited = 2;

    private static readonly byte[] MessageTag = [(byte)((ReceiveMessageResponse.MessageFieldNumber << 3) | LengthDelimited)];
    private static readonly byte[] SystemPropertiesTag = [(byte)((Message.SystemPropertiesFieldNumber << 3) | LengthDelimited)];

    private readonly ReceiveMessageResponse? _response;
    private readonly StoredMessage? _stored;
    private readonly SystemProperties? _perDelivery;

    private ReceiveStreamItem(ReceiveMessageResponse? response, StoredMessage? stored, SystemProperties? perDelivery)
    {
        _response = response;
        _stored = stored;
        _perDelivery = perDelivery;
    }

    /// <summary>The ReceiveMessage method as the broker serves it: the protocol's request, responses written by <see cref="Write"/>.</summary>
    public static Method<ReceiveMessageRequest, ReceiveStreamItem> Method { get; } = new(
        MessagingService.ReceiveMessage.Type,
        MessagingService.ReceiveMessage.ServiceName,
        MessagingService.ReceiveMessage.Name,
        MessagingService.ReceiveMessage.RequestMarshaller,
        new Marshaller<ReceiveStreamItem>(static (item, writer) => item.Write(writer), static _ => throw new NotSupportedException("The broker only writes receive responses.")));

    public static ReceiveStreamItem Of(ReceiveMessageResponse response) => new(response, null, null);

    /// <summary>A delivery of <paramref name="stored"/> with <paramref name="perDelivery"/>'s system properties added to the stored ones.</summary>
    public static ReceiveStreamItem Of(StoredMessage stored, SystemProperties perDelivery) => new(null, stored, perDelivery);

    /// <summary>Writes the item as the protocol's <c>ReceiveMessageResponse</c>.</summary>
    public void Write(IBufferWriter<byte> writer)
    {
        if (_response is not null)
        {
            _response.WriteTo(writer);
            return;
        }

        // Fields may come in any order and a parser reads the two runs of system properties as one message.
        var parts = _stored!.WireParts;
        var systemSize = parts.SystemProperties.Length + _perDelivery!.CalculateSize();
        var messageSize = parts.EnvelopeSize + SystemPropertiesTag.Length + CodedOutputStream.ComputeLengthSize(systemSize) + systemSize;
        writer.Write(MessageTag);
        WriteLength(writer, messageSize);
        parts.Envelope.WriteTo(writer);
        writer.Write(SystemPropertiesTag);
        WriteLength(writer, systemSize);
        writer.Write(parts.SystemProperties);
        _perDelivery.WriteTo(writer);
    }

    private static void WriteLength(IBufferWriter<byte> writer, int length)
    {
        var span = writer.GetSpan(5);
        var written = 0;
        var value = (uint)length;
        while (value >= 0x80)
        {
            span[written++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[written++] = (byte)value;
        writer.Advance(written);
    }
}
