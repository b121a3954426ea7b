using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using VoiceAgent.Hosting.ApplicationModel;
using VoiceAgent.Hosting.Orchestration;

namespace VoiceAgent.Hosting.ResourceApi;

/// <summary>
/// The read-only resource API the dashboard and scripts use: <c>GET /api/resources</c> (one entry per replica),
/// <c>GET /api/resources/{replica}</c> and <c>GET /api/resources/{replica}/logs?after=N</c>.
/// </summary>
internal static class ResourceApiEndpoints
{
    public static IEndpointRouteBuilder MapResourceApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/resources");

        api.MapGet(string.Empty, (ResourceNotificationService notifications) =>
            TypedResults.Json(
                notifications.GetSnapshots().Select(ResourceReplicaDto.From).ToArray(),
                ResourceApiJsonContext.Default.ResourceReplicaDtoArray));

        api.MapGet("/{name}", IResult (string name, ResourceNotificationService notifications) =>
            notifications.TryGetCurrentState(name, out var resourceEvent)
                ? TypedResults.Json(ResourceReplicaDto.From(resourceEvent.Snapshot), ResourceApiJsonContext.Default.ResourceReplicaDto)
                : NotFound(name));

        api.MapGet("/{name}/logs", IResult (string name, long? after, ResourceLogStore logs) =>
            logs.Find(name) is { } log
                ? TypedResults.Json(log.GetLines(Math.Max(0, after ?? 0)).ToArray(), ResourceApiJsonContext.Default.ResourceLogLineArray)
                : NotFound(name));

        return endpoints;
    }

    private static IResult NotFound(string name) =>
        TypedResults.Json(
            new ErrorDto($"There is no replica named '{name}'; replicas are named like 'gateway-0'."),
            ResourceApiJsonContext.Default.ErrorDto,
            statusCode: StatusCodes.Status404NotFound);
}
