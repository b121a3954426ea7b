using VoiceAgent.Hosting.ApplicationModel;

namespace VoiceAgent.Hosting;

/// <summary>Adds .NET projects of the solution to the model.</summary>
public static class ProjectResourceBuilderExtensions
{
    /// <summary>
    /// Adds a project (a <c>Projects.*</c> type generated from the AppHost's project references) with an
    /// <c>http</c> endpoint and OTLP export.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddProject<TProject>(this IDistributedApplicationBuilder builder, string name)
        where TProject : IProjectMetadata, new() =>
        builder.AddProject(name, new TProject());

    /// <summary>Adds a project described by <paramref name="project"/>.</summary>
    public static IResourceBuilder<ProjectResource> AddProject(this IDistributedApplicationBuilder builder, string name, IProjectMetadata project) =>
        builder.AddResource(new ProjectResource(name, project))
            .WithHttpEndpoint()
            .WithOtlpExporter();
}
