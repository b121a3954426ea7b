using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using VoiceAgent.Gateway.Configuration;
using VoiceAgent.Gateway.Connections;
using VoiceAgent.Gateway.Diagnostics;
using VoiceAgent.Gateway.Hosting;
using VoiceAgent.Gateway.Link;
using VoiceAgent.Gateway.Security;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registers and maps the realtime gateway.</summary>
public static class GatewayHostingExtensions
{
    /// <summary>
    /// Adds the gateway: options (<c>VoiceAgent:Gateway</c>, keys under <c>VoiceAgent</c>, validated at start), the
    /// broker link (needs <c>AddRocketMQClient</c>), the connection registry, telemetry, the readiness check and the
    /// shutdown drain.
    /// </summary>
    public static IHostApplicationBuilder AddRealtimeGateway(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<GatewayOptions>().Bind(builder.Configuration.GetSection(GatewayOptions.SectionName)).ValidateOnStart();
        services.AddOptions<GatewaySecurityOptions>().Bind(builder.Configuration.GetSection(GatewaySecurityOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>();
        services.AddSingleton<IValidateOptions<GatewaySecurityOptions>, GatewaySecurityOptionsValidator>();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<GatewayTelemetry>();
        services.AddSingleton<ApiKeyAuthenticator>();
        services.AddSingleton<ResumeTokens>();
        services.AddSingleton<ConnectionRegistry>();
        services.AddSingleton<GatewayLink>();
        services.AddSingleton<RealtimeGateway>();

        // The drain runs first at shutdown (IHostedLifecycleService.StoppingAsync), while the link still runs.
        services.AddHostedService(sp => sp.GetRequiredService<GatewayLink>());
        services.AddHostedService<ConnectionSweeper>();
        services.AddHostedService<GatewayDrainService>();

        services.AddHealthChecks().AddCheck<GatewayLinkHealthCheck>("rocketmq");
        return builder;
    }

    /// <summary>Maps the WebSocket endpoint (<c>/v1/realtime</c> by default).</summary>
    public static IEndpointConventionBuilder MapRealtimeGateway(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value;
        var gateway = app.Services.GetRequiredService<RealtimeGateway>();
        var registry = app.Services.GetRequiredService<ConnectionRegistry>();
        var link = app.Services.GetRequiredService<GatewayLink>();
        registry.UseConsumer(() => link.Consumer);
        app.UseWebSockets();
        return app.Map(options.Path, gateway.HandleAsync);
    }
}
