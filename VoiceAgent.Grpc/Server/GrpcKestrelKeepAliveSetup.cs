using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace VoiceAgent.Grpc;

/// <summary>
/// Turns on Kestrel's HTTP/2 keep-alive pings with <see cref="GrpcServerOptions.KeepAlivePingDelay"/> unless the
/// host has configured them itself (Kestrel's default, <see cref="TimeSpan.MaxValue"/>, means no pings).
/// </summary>
internal sealed class GrpcKestrelKeepAliveSetup(IOptions<GrpcServerOptions> grpcOptions) : IPostConfigureOptions<KestrelServerOptions>
{
    public void PostConfigure(string? name, KestrelServerOptions options)
    {
        var grpc = grpcOptions.Value;
        var http2 = options.Limits.Http2;
        if (grpc.KeepAlivePingDelay is not { } delay || http2.KeepAlivePingDelay != TimeSpan.MaxValue)
        {
            return;
        }

        http2.KeepAlivePingDelay = delay;
        http2.KeepAlivePingTimeout = grpc.KeepAlivePingTimeout;
    }
}
