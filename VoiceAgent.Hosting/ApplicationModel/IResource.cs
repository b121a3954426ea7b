namespace VoiceAgent.Hosting.ApplicationModel;

/// <summary>A named part of the application model: a process the AppHost runs, described by annotations.</summary>
public interface IResource
{
    /// <summary>The resource name, unique in the model (e.g. <c>gateway</c>).</summary>
    string Name { get; }

    /// <summary>What the model says about the resource: endpoints, environment, health checks, replicas, ...</summary>
    ResourceAnnotationCollection Annotations { get; }
}
