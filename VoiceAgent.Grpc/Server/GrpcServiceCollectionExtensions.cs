using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using VoiceAgent.Grpc;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the gRPC server.</summary>
public static class GrpcServiceCollectionExtensions
{
    /// <summary>
    /// Adds what <c>MapGrpcService</c> needs, and turns on Kestrel's HTTP/2 keep-alive pings
    /// (<see cref="GrpcServerOptions.KeepAlivePingDelay"/>). Kestrel must offer HTTP/2 (h2c: <c>HttpProtocols.Http2</c>
    /// on a non-TLS endpoint).
    /// </summary>
    public static IServiceCollection AddGrpcServer(this IServiceCollection services, Action<GrpcServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddRouting();
        services.AddOptions<GrpcServerOptions>();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton<GrpcServiceRegistry>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<MatcherPolicy, GrpcUnimplementedMatcherPolicy>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<KestrelServerOptions>, GrpcKestrelKeepAliveSetup>());
        return services;
    }
}
