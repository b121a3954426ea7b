using Microsoft.Extensions.Hosting;
using OpenTelemetry.Logs;

namespace VoiceAgent.ServiceDefaults.Telemetry;

/// <summary>
/// Ties the telemetry providers to the host: resolving this service (which the host does before it starts any)
/// creates them; once every hosted service has stopped, Kestrel's last requests included, what is still buffered
/// is flushed; the container disposes the providers at the end.
/// </summary>
internal sealed class TelemetryFlushService(TelemetryProviders providers, LoggerProvider? loggerProvider = null) : IHostedLifecycleService
{
    private const int FlushTimeoutMilliseconds = 5_000;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        providers.ForceFlush();
        loggerProvider?.ForceFlush(FlushTimeoutMilliseconds);
        return Task.CompletedTask;
    }
}
