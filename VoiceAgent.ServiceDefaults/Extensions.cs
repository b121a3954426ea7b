using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using VoiceAgent.ServiceDefaults.Health;
using VoiceAgent.ServiceDefaults.Logging;
using VoiceAgent.ServiceDefaults.Telemetry;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every VoiceAgent service shares: OpenTelemetry exported over OTLP, health endpoints, service discovery from
/// configuration and resilient HTTP clients. A service calls <see cref="AddServiceDefaults{TBuilder}"/> on its
/// builder and <see cref="MapDefaultEndpoints"/> on its application.
/// </summary>
public static class Extensions
{
    /// <summary>Readiness: every health check.</summary>
    public const string HealthEndpointPath = "/health";

    /// <summary>Liveness: only the checks tagged <see cref="LiveTag"/>.</summary>
    public const string AlivenessEndpointPath = "/alive";

    /// <summary>The tag of health checks that tell whether the process is alive (and not merely ready).</summary>
    public const string LiveTag = HealthEndpoints.LiveTag;

    /// <summary>
    /// Adds default log levels, OpenTelemetry, the default health checks, service discovery, and the standard
    /// resilience handler plus service discovery on every HttpClient.
    /// </summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        DefaultLogLevels.AddTo(builder.Configuration);

        builder.ConfigureOpenTelemetry();

        builder.AddDefaultHealthChecks();

        builder.Services.AddServiceDiscovery();

        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            // Resilience outside, discovery inside: every retry resolves the service again.
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        return builder;
    }

    /// <summary>
    /// Logs, traces and metrics through OpenTelemetry: the runtime's and ASP.NET Core's own sources and meters plus
    /// every <c>VoiceAgent.*</c> one, exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is configured.
    /// Requests to the health endpoints are not traced.
    /// </summary>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        if (builder.Services.Any(service => service.ServiceType == typeof(TelemetryProviders)))
        {
            return builder;
        }

        builder.AddServiceTelemetry(untracedPaths: [HealthEndpointPath, AlivenessEndpointPath]);

        return builder;
    }

    /// <summary>Adds the <c>self</c> health check, tagged <see cref="LiveTag"/>, that answers the liveness probe.</summary>
    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);

        return builder;
    }

    /// <summary>
    /// Maps <c>/health</c> (readiness, all checks) and <c>/alive</c> (liveness, checks tagged <see cref="LiveTag"/>)
    /// in every environment, since Kubernetes probes need them. Both answer JSON naming each check and its status,
    /// with 503 when unhealthy.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        HealthEndpoints.Map(app, HealthEndpointPath, AlivenessEndpointPath);

        return app;
    }
}
