namespace VoiceAgent.Hosting.ApplicationModel;

/// <summary>Any program on this machine, found on PATH or by its path, started with arguments.</summary>
public sealed class ExecutableResource(string name, string command, string workingDirectory) : Resource(name)
{
    /// <summary>The program: a file name looked up on PATH, or a path.</summary>
    public string Command { get; } = command;

    /// <summary>The working directory of the process.</summary>
    public string WorkingDirectory { get; } = workingDirectory;

    /// <inheritdoc/>
    public override string ResourceType => "Executable";
}
