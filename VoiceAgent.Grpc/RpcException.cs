namespace VoiceAgent.Grpc;

/// <summary>A call that ended with a status other than OK.</summary>
public sealed class RpcException(GrpcStatus status, Metadata? trailers = null)
    : Exception($"gRPC call failed with status {status}", status.DebugException)
{
    public GrpcStatus Status { get; } = status;

    public GrpcStatusCode StatusCode => Status.StatusCode;

    public Metadata Trailers { get; } = trailers ?? [];
}
