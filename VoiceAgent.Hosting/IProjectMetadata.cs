namespace VoiceAgent.Hosting;

/// <summary>
/// Describes a .NET project referenced by the AppHost. The AppHost build generates one implementation per
/// referenced project in the <c>Projects</c> namespace (e.g. <c>Projects.VoiceAgent_Gateway</c>).
/// </summary>
public interface IProjectMetadata
{
    /// <summary>The full path of the project file.</summary>
    string ProjectPath { get; }

    /// <summary>The full path of the project's built assembly, which the runner starts with <c>dotnet</c>.</summary>
    string TargetPath { get; }
}
