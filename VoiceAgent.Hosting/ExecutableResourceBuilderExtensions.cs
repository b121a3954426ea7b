using VoiceAgent.Hosting.ApplicationModel;

namespace VoiceAgent.Hosting;

/// <summary>Adds programs of this machine to the model.</summary>
public static class ExecutableResourceBuilderExtensions
{
    /// <summary>Adds a program, found on PATH or by its path, run in <paramref name="workingDirectory"/> with <paramref name="args"/>.</summary>
    public static IResourceBuilder<ExecutableResource> AddExecutable(
        this IDistributedApplicationBuilder builder,
        string name,
        string command,
        string workingDirectory,
        params string[] args)
    {
        var resource = builder.AddResource(new ExecutableResource(name, command, Path.GetFullPath(workingDirectory)));
        return args.Length == 0 ? resource : resource.WithArgs(args);
    }
}
