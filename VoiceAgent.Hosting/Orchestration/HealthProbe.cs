using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using VoiceAgent.Hosting.ApplicationModel;

namespace VoiceAgent.Hosting.Orchestration;

/// <summary>Runs a replica's health checks once: Healthy when every check passes.</summary>
internal sealed class HealthProbe(HttpClient httpClient, TimeSpan timeout)
{
    public async Task<HealthStatus> CheckAsync(ResourceReplica replica, IReadOnlyList<HealthCheckAnnotation> checks, CancellationToken cancellationToken)
    {
        foreach (var check in checks)
        {
            if (!await PassesAsync(replica, check, cancellationToken).ConfigureAwait(false))
            {
                return HealthStatus.Unhealthy;
            }
        }

        return HealthStatus.Healthy;
    }

    private async Task<bool> PassesAsync(ResourceReplica replica, HealthCheckAnnotation check, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        var endpoint = replica.GetEndpoint(check.EndpointName);
        try
        {
            return check switch
            {
                HttpHealthCheckAnnotation http => await PassesHttpAsync(endpoint, http, timeoutSource.Token).ConfigureAwait(false),
                TcpHealthCheckAnnotation tcp => await PassesTcpAsync(endpoint, tcp, timeoutSource.Token).ConfigureAwait(false),
                _ => false,
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception exception) when (exception is HttpRequestException or SocketException or IOException)
        {
            return false;
        }
    }

    private async Task<bool> PassesHttpAsync(AllocatedEndpoint endpoint, HttpHealthCheckAnnotation check, CancellationToken cancellationToken)
    {
        using var response = await httpClient.GetAsync(new Uri(endpoint.Url + check.Path), HttpCompletionOption.ResponseHeadersRead, cancellationToken)
            .ConfigureAwait(false);
        return check.StatusCode is { } expected ? (int)response.StatusCode == expected : response.IsSuccessStatusCode;
    }

    private static async Task<bool> PassesTcpAsync(AllocatedEndpoint endpoint, TcpHealthCheckAnnotation check, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(endpoint.Host, endpoint.Port, cancellationToken).ConfigureAwait(false);
        if (check.Request is null)
        {
            return true;
        }

        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(check.Request), cancellationToken).ConfigureAwait(false);
        var expected = check.ExpectedReply ?? string.Empty;
        var reply = new byte[Math.Max(expected.Length, 1)];
        var received = 0;
        while (received < expected.Length)
        {
            var read = await stream.ReadAsync(reply.AsMemory(received), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return false;
            }

            received += read;
        }

        return Encoding.ASCII.GetString(reply, 0, received).StartsWith(expected, StringComparison.Ordinal);
    }
}
