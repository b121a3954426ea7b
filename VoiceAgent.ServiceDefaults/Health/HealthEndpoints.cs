using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;

namespace VoiceAgent.ServiceDefaults.Health;

/// <summary>
/// The readiness endpoint runs every registered check; the liveness endpoint runs only checks tagged
/// <see cref="LiveTag"/>, so a failing dependency makes a service unready without getting it restarted.
/// </summary>
internal static class HealthEndpoints
{
    public const string LiveTag = "live";

    public static void Map(IEndpointRouteBuilder endpoints, string healthPath, string alivePath)
    {
        endpoints.MapHealthChecks(healthPath, new HealthCheckOptions
        {
            ResponseWriter = HealthReportJsonWriter.WriteAsync,
        });

        endpoints.MapHealthChecks(alivePath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(LiveTag),
            ResponseWriter = HealthReportJsonWriter.WriteAsync,
        });
    }
}
