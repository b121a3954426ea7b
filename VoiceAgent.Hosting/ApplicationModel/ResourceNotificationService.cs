using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace VoiceAgent.Hosting.ApplicationModel;

/// <summary>
/// Holds the current snapshot of every replica and tells watchers about each change. Waits take a resource
/// name (every replica must satisfy the condition) or a replica name (<c>gateway-1</c>).
/// </summary>
public sealed class ResourceNotificationService
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ResourceEvent> _current = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly List<ChannelWriter<ResourceEvent>> _watchers = [];

    /// <summary>The current snapshots of all replicas, in model order.</summary>
    public IReadOnlyList<ResourceSnapshot> GetSnapshots()
    {
        lock (_gate)
        {
            return [.. _order.Select(name => _current[name].Snapshot)];
        }
    }

    /// <summary>The current event of a replica.</summary>
    public bool TryGetCurrentState(string replicaName, [NotNullWhen(true)] out ResourceEvent? resourceEvent)
    {
        lock (_gate)
        {
            return _current.TryGetValue(replicaName, out resourceEvent);
        }
    }

    /// <summary>The current snapshot of every replica, then every change, until <paramref name="cancellationToken"/> fires.</summary>
    public async IAsyncEnumerable<ResourceEvent> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateUnbounded<ResourceEvent>(new UnboundedChannelOptions { SingleReader = true });
        lock (_gate)
        {
            foreach (var name in _order)
            {
                channel.Writer.TryWrite(_current[name]);
            }

            _watchers.Add(channel.Writer);
        }

        try
        {
            await foreach (var resourceEvent in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return resourceEvent;
            }
        }
        finally
        {
            lock (_gate)
            {
                _watchers.Remove(channel.Writer);
            }
        }
    }

    /// <summary>Waits until every replica of <paramref name="name"/> is in <paramref name="targetState"/> (default Running).</summary>
    public Task WaitForResourceAsync(string name, string? targetState = null, CancellationToken cancellationToken = default) =>
        WaitForResourceAsync(name, [targetState ?? KnownResourceStates.Running], cancellationToken);

    /// <summary>Waits until every replica of <paramref name="name"/> is in one of <paramref name="targetStates"/>; returns the state reached last.</summary>
    public async Task<string> WaitForResourceAsync(string name, IEnumerable<string> targetStates, CancellationToken cancellationToken = default)
    {
        var states = targetStates.ToHashSet(StringComparer.Ordinal);
        var waitingForFailure = states.Contains(KnownResourceStates.FailedToStart);
        var completed = await WaitForAllReplicasAsync(
            name,
            snapshot => states.Contains(snapshot.State),
            snapshot => !waitingForFailure && snapshot.State == KnownResourceStates.FailedToStart
                ? $"Stopped waiting for '{name}' to reach {string.Join(" or ", states)}: {Describe(snapshot)}."
                : null,
            cancellationToken).ConfigureAwait(false);
        return completed.Snapshot.State;
    }

    /// <summary>Waits until the latest event of every replica of <paramref name="name"/> satisfies <paramref name="predicate"/>.</summary>
    public Task<ResourceEvent> WaitForResourceAsync(string name, Func<ResourceEvent, bool> predicate, CancellationToken cancellationToken = default) =>
        WaitForAllReplicasAsync(name, predicate, _ => null, cancellationToken);

    /// <summary>
    /// Waits until every replica of <paramref name="name"/> is Running and, if it has health checks, Healthy.
    /// Throws <see cref="DistributedApplicationException"/> when a replica fails to start or finishes.
    /// </summary>
    public Task<ResourceEvent> WaitForResourceHealthyAsync(string name, CancellationToken cancellationToken = default) =>
        WaitForAllReplicasAsync(
            name,
            snapshot => snapshot.IsReady,
            snapshot => snapshot.State is KnownResourceStates.FailedToStart or KnownResourceStates.Finished
                ? $"Stopped waiting for '{name}' to become healthy: {Describe(snapshot)}."
                : null,
            cancellationToken);

    /// <summary>Waits for every resource <paramref name="resource"/> waits for (<c>WaitFor</c>) to be running and healthy.</summary>
    public async Task WaitForDependenciesAsync(IResource resource, CancellationToken cancellationToken = default)
    {
        foreach (var wait in resource.Annotations.OfType<WaitAnnotation>())
        {
            await WaitForResourceHealthyAsync(wait.Resource.Name, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Replaces a replica's snapshot and tells every watcher.</summary>
    internal ResourceSnapshot PublishUpdate(IResource resource, string replicaName, Func<ResourceSnapshot?, ResourceSnapshot> update)
    {
        lock (_gate)
        {
            var exists = _current.TryGetValue(replicaName, out var previous);
            var resourceEvent = new ResourceEvent(resource, update(previous?.Snapshot));
            _current[replicaName] = resourceEvent;
            if (!exists)
            {
                _order.Add(replicaName);
            }

            foreach (var watcher in _watchers)
            {
                watcher.TryWrite(resourceEvent);
            }

            return resourceEvent.Snapshot;
        }
    }

    private Task<ResourceEvent> WaitForAllReplicasAsync(
        string name,
        Func<ResourceSnapshot, bool> satisfied,
        Func<ResourceSnapshot, string?> failure,
        CancellationToken cancellationToken) =>
        WaitForAllReplicasAsync(name, resourceEvent => satisfied(resourceEvent.Snapshot), failure, cancellationToken);

    private async Task<ResourceEvent> WaitForAllReplicasAsync(
        string name,
        Func<ResourceEvent, bool> satisfied,
        Func<ResourceSnapshot, string?> failure,
        CancellationToken cancellationToken)
    {
        int replicaCount;
        lock (_gate)
        {
            replicaCount = _current.Values.Count(e => Matches(name, e));
        }

        if (replicaCount == 0)
        {
            throw new ArgumentException($"There is no resource or replica named '{name}'.", nameof(name));
        }

        // Judge each replica by the latest event this watcher has seen, so no state in between is skipped.
        var latest = new Dictionary<string, ResourceEvent>(StringComparer.Ordinal);
        await foreach (var resourceEvent in WatchAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!Matches(name, resourceEvent))
            {
                continue;
            }

            latest[resourceEvent.ReplicaName] = resourceEvent;
            if (failure(resourceEvent.Snapshot) is { } message)
            {
                throw new DistributedApplicationException(message);
            }

            if (latest.Count == replicaCount && latest.Values.All(satisfied))
            {
                return resourceEvent;
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        throw new OperationCanceledException();
    }

    private static bool Matches(string name, ResourceEvent resourceEvent) =>
        resourceEvent.ReplicaName == name || resourceEvent.Snapshot.ResourceName == name;

    private static string Describe(ResourceSnapshot snapshot) =>
        $"{snapshot.Name} is {snapshot.State}" +
        (snapshot.ExitCode is { } code ? $" (exit code {code})" : string.Empty) +
        (snapshot.StateReason is { } reason ? $": {reason}" : string.Empty);
}
