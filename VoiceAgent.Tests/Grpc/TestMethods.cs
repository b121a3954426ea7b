using System.Buffers;
using System.Text;
using VoiceAgent.Grpc;

namespace VoiceAgent.Tests.Grpc;

/// <summary>Methods of a small test service whose messages are UTF-8 strings.</summary>
internal static class TestMethods
{
    public const string ServiceName = "voiceagent.test.Echo";

    public static readonly Marshaller<string> Utf8 = new(
        static (value, writer) => writer.Write(Encoding.UTF8.GetBytes(value)),
        static payload => Encoding.UTF8.GetString(payload));

    public static readonly Marshaller<byte[]> Bytes = new(
        static (value, writer) => writer.Write(value),
        static payload => payload.ToArray());

    public static readonly Method<string, string> Unary = new(MethodType.Unary, ServiceName, "Unary", Utf8, Utf8);

    public static readonly Method<string, string> ServerStreaming = new(MethodType.ServerStreaming, ServiceName, "ServerStreaming", Utf8, Utf8);

    public static readonly Method<string, string> ClientStreaming = new(MethodType.ClientStreaming, ServiceName, "ClientStreaming", Utf8, Utf8);

    public static readonly Method<string, string> Duplex = new(MethodType.DuplexStreaming, ServiceName, "Duplex", Utf8, Utf8);

    public static readonly Method<byte[], byte[]> BytesUnary = new(MethodType.Unary, ServiceName, "BytesUnary", Bytes, Bytes);

    public static readonly Method<byte[], byte[]> BytesDuplex = new(MethodType.DuplexStreaming, ServiceName, "BytesDuplex", Bytes, Bytes);
}
