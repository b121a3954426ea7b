using VoiceAgent.Hosting.ApplicationModel;

namespace VoiceAgent.Hosting;

/// <summary>The validated resources of a built application and their replicas.</summary>
internal sealed class DistributedApplicationModel
{
    public DistributedApplicationModel(IReadOnlyList<IResource> resources)
    {
        Resources = resources;
        Replicas = [.. resources.SelectMany(r => Enumerable.Range(0, r.GetReplicaCount()).Select(i => new ResourceReplica(r, i)))];
    }

    public IReadOnlyList<IResource> Resources { get; }

    public IReadOnlyList<ResourceReplica> Replicas { get; }

    public IResource? FindResource(string name) => Resources.FirstOrDefault(r => r.Name == name);

    public ResourceReplica? FindReplica(string name) => Replicas.FirstOrDefault(r => r.Name == name);
}
