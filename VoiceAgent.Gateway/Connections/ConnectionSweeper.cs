using Microsoft.Extensions.Hosting;

namespace VoiceAgent.Gateway.Connections;

/// <summary>Twice a second: closes idle connections and those whose client stopped reading.</summary>
internal sealed class ConnectionSweeper(ConnectionRegistry registry, TimeProvider time) : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                foreach (var connection in registry.Snapshot())
                {
                    connection.CheckTimeouts();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
