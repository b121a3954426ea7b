using System.Net;

namespace VoiceAgent.Grpc.Internal;

/// <summary>The gRPC mapping from HTTP status codes and HTTP/2 error codes to gRPC status codes.</summary>
internal static class HttpStatusMapping
{
    public static GrpcStatusCode FromHttpStatus(HttpStatusCode status) => status switch
    {
        HttpStatusCode.BadRequest => GrpcStatusCode.Internal,
        HttpStatusCode.Unauthorized => GrpcStatusCode.Unauthenticated,
        HttpStatusCode.Forbidden => GrpcStatusCode.PermissionDenied,
        HttpStatusCode.NotFound => GrpcStatusCode.Unimplemented,
        HttpStatusCode.TooManyRequests => GrpcStatusCode.Unavailable,
        HttpStatusCode.BadGateway => GrpcStatusCode.Unavailable,
        HttpStatusCode.ServiceUnavailable => GrpcStatusCode.Unavailable,
        HttpStatusCode.GatewayTimeout => GrpcStatusCode.Unavailable,
        _ => GrpcStatusCode.Unknown,
    };

    /// <summary>RST_STREAM and GOAWAY error codes (RFC 9113 section 7).</summary>
    public static GrpcStatusCode FromHttp2ErrorCode(long errorCode) => errorCode switch
    {
        0x7 => GrpcStatusCode.Unavailable, // REFUSED_STREAM
        0x8 => GrpcStatusCode.Cancelled, // CANCEL
        0xB => GrpcStatusCode.ResourceExhausted, // ENHANCE_YOUR_CALM
        0xC => GrpcStatusCode.PermissionDenied, // INADEQUATE_SECURITY
        _ => GrpcStatusCode.Internal,
    };
}
