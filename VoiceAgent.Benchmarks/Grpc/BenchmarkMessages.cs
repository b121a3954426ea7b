using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using VoiceAgent.Grpc;

namespace VoiceAgent.Benchmarks.Grpc;

/// <summary>A 640-byte protobuf message (a BytesValue with 637 payload bytes) and an echo service for it.</summary>
internal static class BenchmarkMessages
{
    public const string ServiceName = "voiceagent.bench.Echo";

    public static readonly Marshaller<BytesValue> Marshaller = ProtobufMarshaller.For<BytesValue>();

    public static readonly Method<BytesValue, BytesValue> Unary = new(MethodType.Unary, ServiceName, "Unary", Marshaller, Marshaller);

    public static readonly Method<BytesValue, BytesValue> Duplex = new(MethodType.DuplexStreaming, ServiceName, "Duplex", Marshaller, Marshaller);

    public static BytesValue Create640ByteMessage()
    {
        var payload = new byte[637];
        new Random(42).NextBytes(payload);
        var message = new BytesValue { Value = ByteString.CopyFrom(payload) };
        return message.CalculateSize() == 640 ? message : throw new InvalidOperationException($"Message is {message.CalculateSize()} bytes.");
    }
}
