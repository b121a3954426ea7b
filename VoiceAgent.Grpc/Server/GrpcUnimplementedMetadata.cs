namespace VoiceAgent.Grpc;

/// <summary>Marks the endpoint that answers unknown gRPC calls.</summary>
internal sealed class GrpcUnimplementedMetadata
{
    public static readonly GrpcUnimplementedMetadata Instance = new();
}
