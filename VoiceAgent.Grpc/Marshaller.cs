using System.Buffers;

namespace VoiceAgent.Grpc;

/// <summary>
/// Turns messages into bytes and back. Serialization writes straight into the frame buffer;
/// deserialization reads from the received frame without copying it first.
/// </summary>
public sealed class Marshaller<T>(Action<T, IBufferWriter<byte>> serializer, Func<ReadOnlySequence<byte>, T> deserializer)
{
    public void Serialize(T value, IBufferWriter<byte> writer) => serializer(value, writer);

    public T Deserialize(ReadOnlySequence<byte> payload) => deserializer(payload);
}
