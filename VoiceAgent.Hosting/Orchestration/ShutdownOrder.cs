using VoiceAgent.Hosting.ApplicationModel;

namespace VoiceAgent.Hosting.Orchestration;

/// <summary>
/// Stops resources in the reverse of their start order: a resource is stopped only once every resource that waits for
/// it has stopped, so a processor finishing its last turn still has its broker and Redis. The model has no wait cycles
/// (validated at build), so this always ends.
/// </summary>
internal static class ShutdownOrder
{
    public static Task StopAsync(IReadOnlyCollection<IResource> resources, Func<IResource, Task> stopResource)
    {
        var stopped = resources.ToDictionary(r => r, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        var dependents = resources.ToDictionary(r => r, r => resources
            .Where(other => other != r && other.Annotations.OfType<WaitAnnotation>().Any(w => w.Resource == r))
            .Select(other => stopped[other].Task)
            .ToArray());

        return Task.WhenAll(resources.Select(async resource =>
        {
            try
            {
                await Task.WhenAll(dependents[resource]).ConfigureAwait(false);
                await stopResource(resource).ConfigureAwait(false);
            }
            finally
            {
                stopped[resource].TrySetResult();
            }
        }));
    }
}
