using System.Collections.Immutable;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace VoiceAgent.Hosting.ApplicationModel;

/// <summary>The state of one replica at one moment. Immutable: every change publishes a new snapshot.</summary>
public sealed record ResourceSnapshot
{
    /// <summary>The replica name, e.g. <c>gateway-0</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The resource name, e.g. <c>gateway</c>.</summary>
    public required string ResourceName { get; init; }

    /// <summary><c>Project</c> or <c>Executable</c>.</summary>
    public required string ResourceType { get; init; }

    /// <summary>The replica index.</summary>
    public int ReplicaIndex { get; init; }

    /// <summary>One of <see cref="KnownResourceStates"/>.</summary>
    public string State { get; init; } = KnownResourceStates.NotStarted;

    /// <summary>Why the replica is in its state, when that is not obvious (e.g. what failed to start).</summary>
    public string? StateReason { get; init; }

    /// <summary>Whether the resource has health checks.</summary>
    public bool HasHealthChecks { get; init; }

    /// <summary>The last health check result while running; null before the first check, when not running, or without health checks.</summary>
    public HealthStatus? HealthStatus { get; init; }

    /// <summary>The process id while running.</summary>
    public int? ProcessId { get; init; }

    /// <summary>How many times the replica was started again after its first start.</summary>
    public int Restarts { get; init; }

    /// <summary>The exit code of the last process, once it exited.</summary>
    public int? ExitCode { get; init; }

    /// <summary>When the current (or last) process started.</summary>
    public DateTimeOffset? StartTime { get; init; }

    /// <summary>When the last process exited.</summary>
    public DateTimeOffset? StopTime { get; init; }

    /// <summary>This replica's endpoints.</summary>
    public ImmutableArray<EndpointSnapshot> Endpoints { get; init; } = [];

    /// <summary>Running, and healthy if it has health checks: what <c>WaitFor</c> waits for.</summary>
    public bool IsReady => State == KnownResourceStates.Running && (!HasHealthChecks || HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy);
}
