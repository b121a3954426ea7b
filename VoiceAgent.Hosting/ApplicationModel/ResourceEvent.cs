namespace VoiceAgent.Hosting.ApplicationModel;

/// <summary>A replica's new snapshot.</summary>
public sealed class ResourceEvent(IResource resource, ResourceSnapshot snapshot)
{
    /// <summary>The resource the replica belongs to.</summary>
    public IResource Resource { get; } = resource;

    /// <summary>The replica name, e.g. <c>gateway-0</c>.</summary>
    public string ReplicaName => Snapshot.Name;

    /// <summary>The replica's state.</summary>
    public ResourceSnapshot Snapshot { get; } = snapshot;
}
