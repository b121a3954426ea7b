namespace VoiceAgent.Hosting.ApplicationModel;

/// <summary>Adds command-line arguments for each replica just before it starts.</summary>
public sealed class CommandLineArgsCallbackAnnotation(Action<CommandLineArgsCallbackContext> callback) : IResourceAnnotation
{
    /// <summary>The callback, run once per replica start.</summary>
    public Action<CommandLineArgsCallbackContext> Callback { get; } = callback;
}
