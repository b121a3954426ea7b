using System.Net;

namespace VoiceAgent.Tests.Grpc;

/// <summary>What came back: HTTP status, the gRPC status from trailers (or trailers-only headers) and the messages.</summary>
internal sealed record RawGrpcResponse(HttpStatusCode HttpStatus, string? GrpcStatus, string? GrpcMessage, List<byte[]> Messages, bool HadTrailers);
