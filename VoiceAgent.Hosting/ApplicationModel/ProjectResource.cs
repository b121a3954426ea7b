namespace VoiceAgent.Hosting.ApplicationModel;

/// <summary>A .NET project of the solution, started as <c>dotnet &lt;TargetPath&gt;</c> from its built output.</summary>
public sealed class ProjectResource(string name, IProjectMetadata project) : Resource(name)
{
    /// <summary>Where the project and its built assembly are.</summary>
    public IProjectMetadata Project { get; } = project;

    /// <inheritdoc/>
    public override string ResourceType => "Project";
}
