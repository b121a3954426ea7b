using System.Globalization;
using Microsoft.AspNetCore.Http;
using VoiceAgent.Grpc.Internal;

namespace VoiceAgent.Grpc;

/// <summary>What every method's handler shares: request checks and trailers-only answers.</summary>
internal static class ServerCallHandler
{
    public const string LoggerCategory = "VoiceAgent.Grpc.Server";

    /// <summary>Answers requests that cannot be gRPC calls; true when the request may go on to the handler.</summary>
    public static bool TryAcceptRequest(HttpContext httpContext)
    {
        var request = httpContext.Request;
        if (!HttpMethods.IsPost(request.Method))
        {
            WriteRejection(httpContext, StatusCodes.Status405MethodNotAllowed, new GrpcStatus(GrpcStatusCode.Internal, "gRPC requires POST."));
            return false;
        }

        if (!GrpcProtocol.IsGrpcContentType(request.ContentType))
        {
            WriteRejection(
                httpContext,
                StatusCodes.Status415UnsupportedMediaType,
                new GrpcStatus(GrpcStatusCode.Internal, $"Content-Type '{request.ContentType}' is not supported."));
            return false;
        }

        if (!HttpProtocol.IsHttp2(request.Protocol) && !HttpProtocol.IsHttp3(request.Protocol))
        {
            httpContext.Response.Headers.Upgrade = "h2c";
            WriteRejection(
                httpContext,
                StatusCodes.Status426UpgradeRequired,
                new GrpcStatus(GrpcStatusCode.Internal, $"Request protocol '{request.Protocol}' is not supported; gRPC needs HTTP/2."));
            return false;
        }

        var encoding = request.Headers[GrpcProtocol.EncodingHeader].ToString();
        if (encoding.Length > 0 && !encoding.Equals(GrpcProtocol.IdentityEncoding, StringComparison.OrdinalIgnoreCase))
        {
            httpContext.Response.Headers[GrpcProtocol.AcceptEncodingHeader] = GrpcProtocol.IdentityEncoding;
            WriteTrailersOnly(httpContext.Response, new GrpcStatus(
                GrpcStatusCode.Unimplemented, $"Unsupported grpc-encoding value '{encoding}'. Supported encodings: identity"));
            return false;
        }

        return true;
    }

    /// <summary>Ends a call before any message with a single HEADERS frame that carries the status.</summary>
    public static void WriteTrailersOnly(HttpResponse response, GrpcStatus status, Metadata? trailers = null)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = GrpcProtocol.ContentType;
        SetStatusHeaders(response.Headers, status);
        if (trailers is { Count: > 0 })
        {
            MetadataConverter.AddTo(trailers, response.Headers);
        }
    }

    public static void SetStatusHeaders(IHeaderDictionary headers, GrpcStatus status)
    {
        headers[GrpcProtocol.StatusTrailer] = ((int)status.StatusCode).ToString(CultureInfo.InvariantCulture);
        if (status.Detail.Length > 0)
        {
            headers[GrpcProtocol.MessageTrailer] = PercentEncoding.Encode(status.Detail);
        }
    }

    private static void WriteRejection(HttpContext httpContext, int httpStatus, GrpcStatus status)
    {
        var response = httpContext.Response;
        response.StatusCode = httpStatus;
        SetStatusHeaders(response.Headers, status);
    }
}
