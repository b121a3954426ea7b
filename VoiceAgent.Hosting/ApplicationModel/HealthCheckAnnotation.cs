namespace VoiceAgent.Hosting.ApplicationModel;

/// <summary>A check the AppHost runs repeatedly against each running replica; all must pass for Healthy.</summary>
public abstract class HealthCheckAnnotation(string endpointName) : IResourceAnnotation
{
    /// <summary>The endpoint the check connects to.</summary>
    public string EndpointName { get; } = endpointName;
}
