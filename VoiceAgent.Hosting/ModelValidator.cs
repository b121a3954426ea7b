using VoiceAgent.Hosting.ApplicationModel;

namespace VoiceAgent.Hosting;

/// <summary>Rejects a model the AppHost could not run, with a message that says what to change.</summary>
internal static class ModelValidator
{
    public static void Validate(IReadOnlyList<IResource> resources)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var resource in resources)
        {
            if (!names.Add(resource.Name))
            {
                throw new DistributedApplicationException($"Two resources are named '{resource.Name}'; resource names must be unique (ignoring case).");
            }
        }

        foreach (var resource in resources)
        {
            var replicas = resource.GetReplicaCount();
            foreach (var replicaName in Enumerable.Range(0, replicas).Select(i => ResourceReplica.NameOf(resource.Name, i)))
            {
                if (names.Contains(replicaName))
                {
                    throw new DistributedApplicationException($"The replica name '{replicaName}' of '{resource.Name}' is also a resource name; rename one of them.");
                }
            }

            var endpoints = resource.Annotations.OfType<EndpointAnnotation>().ToList();
            foreach (var endpoint in endpoints.Where(e => e.Port is not null && replicas > 1))
            {
                throw new DistributedApplicationException(
                    $"'{resource.Name}' has {replicas} replicas but its endpoint '{endpoint.Name}' has the fixed port {endpoint.Port}; replicas need their own ports.");
            }

            foreach (var check in resource.Annotations.OfType<HealthCheckAnnotation>().Where(c => endpoints.All(e => e.Name != c.EndpointName)))
            {
                throw new DistributedApplicationException($"A health check of '{resource.Name}' uses the endpoint '{check.EndpointName}', which '{resource.Name}' does not have.");
            }

            foreach (var wait in resource.Annotations.OfType<WaitAnnotation>().Where(w => !resources.Contains(w.Resource)))
            {
                throw new DistributedApplicationException($"'{resource.Name}' waits for '{wait.Resource.Name}', which is not in the model.");
            }
        }

        RejectWaitCycles(resources);
    }

    private static void RejectWaitCycles(IReadOnlyList<IResource> resources)
    {
        var done = new HashSet<IResource>();
        var path = new List<IResource>();

        void Visit(IResource resource)
        {
            if (done.Contains(resource))
            {
                return;
            }

            if (path.Contains(resource))
            {
                var cycle = path.Skip(path.IndexOf(resource)).Append(resource).Select(r => r.Name);
                throw new DistributedApplicationException($"The resources wait for each other in a cycle: {string.Join(" -> ", cycle)}.");
            }

            path.Add(resource);
            foreach (var wait in resource.Annotations.OfType<WaitAnnotation>())
            {
                Visit(wait.Resource);
            }

            path.RemoveAt(path.Count - 1);
            done.Add(resource);
        }

        foreach (var resource in resources)
        {
            Visit(resource);
        }
    }
}
