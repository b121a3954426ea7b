using VoiceAgent.Grpc;

namespace VoiceAgent.RocketMQ;

/// <summary>The request did not complete at the gRPC level: unreachable server, deadline, reset stream.</summary>
public sealed class RocketMQTransportException(string message, GrpcStatusCode grpcStatusCode, string? requestId = null, Exception? innerException = null)
    : RocketMQException(message, null, requestId, innerException)
{
    /// <summary>The gRPC status the call ended with.</summary>
    public GrpcStatusCode GrpcStatusCode { get; } = grpcStatusCode;
}
