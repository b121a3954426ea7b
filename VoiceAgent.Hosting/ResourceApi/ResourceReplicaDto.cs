using VoiceAgent.Hosting.ApplicationModel;

namespace VoiceAgent.Hosting.ResourceApi;

/// <summary>One replica as <c>GET /api/resources</c> shows it.</summary>
internal sealed record ResourceReplicaDto(
    string Name,
    string Resource,
    string Type,
    string State,
    string? StateReason,
    string? Health,
    int? Pid,
    int Restarts,
    int? ExitCode,
    DateTimeOffset? StartTime,
    DateTimeOffset? StopTime,
    IReadOnlyList<EndpointDto> Endpoints)
{
    public static ResourceReplicaDto From(ResourceSnapshot snapshot) => new(
        snapshot.Name,
        snapshot.ResourceName,
        snapshot.ResourceType,
        snapshot.State,
        snapshot.StateReason,
        snapshot.HealthStatus?.ToString(),
        snapshot.ProcessId,
        snapshot.Restarts,
        snapshot.ExitCode,
        snapshot.StartTime,
        snapshot.StopTime,
        [.. snapshot.Endpoints.Select(e => new EndpointDto(e.Name, e.Url, e.IsExternal))]);
}
