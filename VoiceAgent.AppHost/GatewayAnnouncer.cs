using Microsoft.Extensions.Hosting;
using VoiceAgent.Hosting.ApplicationModel;

namespace VoiceAgent.AppHost;

/// <summary>
/// Prints, once, where to talk to the application: every gateway replica's WebSocket URL and the API key, as soon as
/// all the gateway replicas are healthy. The key is written to the console only, never to a log. Silent when the
/// resource table is not printed (test runs).
/// </summary>
internal sealed class GatewayAnnouncer(
    string gatewayName,
    string path,
    GatewayKeys keys,
    ResourceNotificationService notifications,
    DistributedApplicationOptions options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.PrintResourceTable)
        {
            return;
        }

        try
        {
            await notifications.WaitForResourceHealthyAsync(gatewayName, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or DistributedApplicationException)
        {
            return;
        }

        var urls = notifications.GetSnapshots()
            .Where(s => s.ResourceName == gatewayName)
            .SelectMany(s => s.Endpoints.Where(e => e.Name == "http").Select(e => $"  {s.Name}: {ToWebSocketUrl(e.Url)}"));
        await Console.Out.WriteAsync(
            $"""

            Talk to the voice agent (OpenAI Realtime API over WebSocket):
            {string.Join(Environment.NewLine, urls)}
              Authorization: Bearer {keys.ApiKey}

            """).ConfigureAwait(false);
    }

    private string ToWebSocketUrl(string httpUrl)
    {
        var uri = new UriBuilder(httpUrl) { Path = path };
        uri.Scheme = uri.Scheme == Uri.UriSchemeHttps ? "wss" : "ws";
        return uri.Uri.ToString();
    }
}
