using Microsoft.Extensions.Hosting;
using OpenTelemetry.Logs;

namespace VoiceAgent.ServiceDefaults.Telemetry;

/// <summary>
/// Ties the telemetry providers to the host: resolving this service (which the host does before it starts any)
/// creates them, stopping flushes what is still buffered, and the container disposes them at the end.
/// </summary>
internal sealed class TelemetryFlushService(TelemetryProviders providers, LoggerProvider? loggerProvider = null) : IHostedService
{
    private const int FlushTimeoutMilliseconds = 5_000;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        providers.ForceFlush();
        loggerProvider?.ForceFlush(FlushTimeoutMilliseconds);
        return Task.CompletedTask;
    }
}
