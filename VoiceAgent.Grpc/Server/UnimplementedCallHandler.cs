using Microsoft.AspNetCore.Http;

namespace VoiceAgent.Grpc;

/// <summary>Answers a gRPC call to a service or method that nobody serves with UNIMPLEMENTED, trailers-only.</summary>
internal sealed class UnimplementedCallHandler(GrpcServiceRegistry registry)
{
    public Task HandleCallAsync(HttpContext httpContext)
    {
        var path = httpContext.Request.Path.Value ?? string.Empty;
        var separator = path.LastIndexOf('/');
        var serviceName = separator > 0 ? path[1..separator] : string.Empty;
        var detail = registry.Contains(serviceName) ? "Method is unimplemented." : "Service is unimplemented.";
        ServerCallHandler.WriteTrailersOnly(httpContext.Response, new GrpcStatus(GrpcStatusCode.Unimplemented, detail));
        return Task.CompletedTask;
    }
}
