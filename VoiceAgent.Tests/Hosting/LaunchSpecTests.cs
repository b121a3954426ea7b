using VoiceAgent.Hosting;
using VoiceAgent.Hosting.ApplicationModel;
using VoiceAgent.Hosting.Orchestration;
using VoiceAgent.Hosting.Testing;

namespace VoiceAgent.Tests.Hosting;

public sealed class LaunchSpecTests
{
    private static readonly Dictionary<string, string> AppHostEnvironment = new()
    {
        ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin",
        ["HOME"] = "/home/someone",
        ["ASPNETCORE_URLS"] = "http://localhost:18888",
        ["DOTNET_ENVIRONMENT"] = "Production",
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["DOTNET_LAUNCH_PROFILE"] = "http",
        ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = "http://localhost:18889",
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://collector:4317",
    };

    [Fact]
    public void AProjectRunsAsDotnetWithItsBuiltAssemblyFromItsProjectFolder()
    {
        var project = new Projects.VoiceAgent_Gateway();
        var builder = DistributedApplicationTestingBuilder.Create();
        var gateway = builder.AddProject("gateway", project);
        var replica = Allocate(gateway.Resource, 5101);

        var spec = new LaunchSpecFactory(otlp: null, AppHostEnvironment).Create(replica);

        Assert.Equal("dotnet", Path.GetFileName(spec.FileName));
        Assert.Equal([project.TargetPath], spec.Arguments);
        Assert.Equal(Path.GetDirectoryName(project.ProjectPath), spec.WorkingDirectory);
        Assert.Equal("http://127.0.0.1:5101", spec.Environment["ASPNETCORE_URLS"]);
    }

    [Fact]
    public void TheAppHostsOwnUrlsEnvironmentAndTelemetrySettingsDoNotLeakIntoChildren()
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        var worker = builder.AddExecutable("worker", "sleep", ".", "1");
        var replica = Allocate(worker.Resource);

        var spec = new LaunchSpecFactory(otlp: null, AppHostEnvironment).Create(replica);

        Assert.Equal(AppHostEnvironment["PATH"], spec.Environment["PATH"]);
        Assert.Equal("/home/someone", spec.Environment["HOME"]);
        Assert.False(spec.Environment.ContainsKey("ASPNETCORE_URLS"));
        Assert.False(spec.Environment.ContainsKey("DOTNET_ENVIRONMENT"));
        Assert.False(spec.Environment.ContainsKey("ASPNETCORE_ENVIRONMENT"));
        Assert.False(spec.Environment.ContainsKey("DOTNET_LAUNCH_PROFILE"));
        Assert.False(spec.Environment.ContainsKey("ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"));
        Assert.False(spec.Environment.ContainsKey("OTEL_EXPORTER_OTLP_ENDPOINT"));
        Assert.Equal(["1"], spec.Arguments);
    }

    [Fact]
    public void ModelCallbacksWinOverWhatTheAppHostInjects()
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        var project = builder.AddProject<Projects.VoiceAgent_Mocks>("mocks")
            .WithEnvironment("ASPNETCORE_URLS", "http://127.0.0.1:9999")
            .WithEnvironment("DOTNET_ENVIRONMENT", "Staging")
            .WithArgs(context => context.Args.Add($"--replica={context.Replica.Name}"));
        var replica = Allocate(project.Resource, 5102);

        var spec = new LaunchSpecFactory(new OtlpSettings("http://127.0.0.1:4317", "grpc", ApiKey: null), AppHostEnvironment).Create(replica);

        Assert.Equal("http://127.0.0.1:9999", spec.Environment["ASPNETCORE_URLS"]);
        Assert.Equal("Staging", spec.Environment["DOTNET_ENVIRONMENT"]);
        Assert.Equal("http://127.0.0.1:4317", spec.Environment["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal([new Projects.VoiceAgent_Mocks().TargetPath, "--replica=mocks-0"], spec.Arguments);
    }

    [Fact]
    public void AProgramThatIsNotInstalledCannotBeLaunched()
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        var replica = Allocate(builder.AddExecutable("ghost", "voiceagent-no-such-program", ".").Resource);

        var error = Assert.Throws<ResourceLaunchException>(() => new LaunchSpecFactory(otlp: null, AppHostEnvironment).Create(replica));

        Assert.Contains("'voiceagent-no-such-program' was not found on PATH", error.Message);
    }

    private static ResourceReplica Allocate(IResource resource, params int[] ports)
    {
        var endpoints = resource.Annotations.OfType<EndpointAnnotation>().ToList();
        for (var i = 0; i < endpoints.Count; i++)
        {
            endpoints[i].AllocatedEndpoints = [new AllocatedEndpoint(endpoints[i], 0, "127.0.0.1", ports[i])];
        }

        return new ResourceReplica(resource, 0);
    }
}
