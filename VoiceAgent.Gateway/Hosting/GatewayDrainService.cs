using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VoiceAgent.Gateway.Configuration;
using VoiceAgent.Gateway.Connections;

namespace VoiceAgent.Gateway.Hosting;

/// <summary>
/// On shutdown (SIGTERM), before the server and the broker link stop: refuse new connections, send every client
/// <c>session.reconnect</c> and close it with 1012. Their undelivered events stay in the lite topics.
/// </summary>
internal sealed partial class GatewayDrainService(
    RealtimeGateway gateway,
    ConnectionRegistry registry,
    IOptions<GatewayOptions> options,
    ILogger<GatewayDrainService> logger) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        gateway.StopAccepting();
        var connections = registry.Snapshot();
        Log.Draining(logger, connections.Count);
        foreach (var connection in connections)
        {
            connection.Drain();
        }

        try
        {
            await gateway.WhenAllClosedAsync().WaitAsync(options.Value.DrainTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            Log.DrainIncomplete(logger, registry.Count);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
