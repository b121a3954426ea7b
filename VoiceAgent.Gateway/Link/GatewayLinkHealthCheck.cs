using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace VoiceAgent.Gateway.Link;

/// <summary>Ready when the broker producer and the downlink consumer are started.</summary>
internal sealed class GatewayLinkHealthCheck(GatewayLink link) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(link.IsReady
            ? HealthCheckResult.Healthy("Producer and downlink consumer started.")
            : HealthCheckResult.Unhealthy("Connecting to the broker."));
}
