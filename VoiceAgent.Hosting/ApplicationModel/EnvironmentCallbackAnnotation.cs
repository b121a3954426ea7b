namespace VoiceAgent.Hosting.ApplicationModel;

/// <summary>Adds or changes environment variables of each replica just before it starts.</summary>
public sealed class EnvironmentCallbackAnnotation(Action<EnvironmentCallbackContext> callback) : IResourceAnnotation
{
    /// <summary>The callback, run once per replica start.</summary>
    public Action<EnvironmentCallbackContext> Callback { get; } = callback;
}
