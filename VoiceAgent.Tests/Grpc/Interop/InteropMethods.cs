using VoiceAgent.Grpc;

namespace VoiceAgent.Tests.Grpc.Interop;

/// <summary>The methods of <c>voiceagent.interop.InteropService</c> (interop/grpc-js/interop.proto).</summary>
internal static class InteropMethods
{
    public const string ServiceName = "voiceagent.interop.InteropService";

    public static readonly Method<EchoRequest, EchoResponse> Unary = Create(MethodType.Unary, "Unary");

    public static readonly Method<EchoRequest, EchoResponse> ServerStream = Create(MethodType.ServerStreaming, "ServerStream");

    public static readonly Method<EchoRequest, EchoResponse> ClientStream = Create(MethodType.ClientStreaming, "ClientStream");

    public static readonly Method<EchoRequest, EchoResponse> Bidi = Create(MethodType.DuplexStreaming, "Bidi");

    public static readonly Method<EchoRequest, EchoResponse> Unimplemented = Create(MethodType.Unary, "Unimplemented");

    private static Method<EchoRequest, EchoResponse> Create(MethodType type, string name) =>
        new(type, ServiceName, name, ProtobufMarshaller.For<EchoRequest>(), ProtobufMarshaller.For<EchoResponse>());
}
