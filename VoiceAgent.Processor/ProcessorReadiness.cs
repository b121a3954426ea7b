using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace VoiceAgent.Processor;

/// <summary>The readiness check: healthy once the downlink producer and the uplink consumer have started.</summary>
internal sealed class ProcessorReadiness : IHealthCheck
{
    private volatile bool _ready;

    public bool Ready
    {
        get => _ready;
        set => _ready = value;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_ready
            ? HealthCheckResult.Healthy("Consuming the uplink.")
            : HealthCheckResult.Unhealthy("Not connected to the broker yet."));
}
