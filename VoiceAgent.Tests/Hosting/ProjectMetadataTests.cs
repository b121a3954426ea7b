using VoiceAgent.Hosting;

namespace VoiceAgent.Tests.Hosting;

public sealed class ProjectMetadataTests
{
    public static TheoryData<IProjectMetadata, string> Projects => new()
    {
        { new Projects.VoiceAgent_Broker(), "VoiceAgent.Broker" },
        { new Projects.VoiceAgent_Mocks(), "VoiceAgent.Mocks" },
        { new Projects.VoiceAgent_Processor(), "VoiceAgent.Processor" },
        { new Projects.VoiceAgent_Gateway(), "VoiceAgent.Gateway" },
        { new Projects.VoiceAgent_AppHost(), "VoiceAgent.AppHost" },
    };

    [Theory]
    [MemberData(nameof(Projects))]
    public void EveryProjectOfTheAppHostPointsAtItsProjectFileAndItsBuiltAssembly(IProjectMetadata project, string name)
    {
        Assert.Equal(name + ".csproj", Path.GetFileName(project.ProjectPath));
        Assert.True(File.Exists(project.ProjectPath), project.ProjectPath);
        Assert.Equal(name + ".dll", Path.GetFileName(project.TargetPath));
        Assert.True(File.Exists(project.TargetPath), $"{project.TargetPath} was not built");
        Assert.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}{name}{Path.DirectorySeparatorChar}", project.TargetPath);
    }

    [Fact]
    public void TheAppHostBuildsItsServicesWithoutReferencingTheirAssemblies()
    {
        var appHostOutput = Path.GetDirectoryName(new Projects.VoiceAgent_AppHost().TargetPath)!;

        Assert.False(File.Exists(Path.Combine(appHostOutput, "VoiceAgent.Gateway.dll")));
        Assert.False(File.Exists(Path.Combine(appHostOutput, "VoiceAgent.Broker.dll")));
        Assert.True(File.Exists(Path.Combine(appHostOutput, "VoiceAgent.Hosting.dll")));
    }
}
