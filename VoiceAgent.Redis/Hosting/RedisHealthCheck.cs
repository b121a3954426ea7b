using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace VoiceAgent.Redis.Hosting;

/// <summary>Healthy when Redis answers PING.</summary>
internal sealed class RedisHealthCheck(RedisClient client) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var roundTrip = await client.PingAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy(
                string.Create(CultureInfo.InvariantCulture, $"Redis at {client.EndPoint} answered PING in {roundTrip.TotalMilliseconds:0.#} ms."));
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or ObjectDisposedException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"Redis at {client.EndPoint}: {exception.Message}");
        }
    }
}
