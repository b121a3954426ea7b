using VoiceAgent.Hosting;
using VoiceAgent.Hosting.ApplicationModel;
using VoiceAgent.Hosting.Testing;

namespace VoiceAgent.Tests.Hosting;

public sealed class ModelValidationTests
{
    [Theory]
    [InlineData("")]
    [InlineData("1gateway")]
    [InlineData("gate_way")]
    [InlineData("gateway-")]
    [InlineData("gate--way")]
    public void ResourceNamesThatCannotBeEnvironmentOrDnsNamesAreRejected(string name)
    {
        var builder = DistributedApplicationTestingBuilder.Create();

        var error = Assert.Throws<ArgumentException>(() => builder.AddExecutable(name, "sleep", ".", "1"));

        Assert.Contains("not a valid resource name", error.Message);
    }

    [Fact]
    public void TwoResourcesCannotShareAName()
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddExecutable("worker", "sleep", ".", "1");

        var error = Assert.Throws<DistributedApplicationException>(() => builder.AddExecutable("Worker", "sleep", ".", "1"));

        Assert.Contains("'Worker'", error.Message);
    }

    [Fact]
    public void ResourcesThatWaitForEachOtherInACycleAreRejectedWhenBuilding()
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        var a = builder.AddExecutable("a", "sleep", ".", "1");
        var b = builder.AddExecutable("b", "sleep", ".", "1").WaitFor(a);
        var c = builder.AddExecutable("c", "sleep", ".", "1").WaitFor(b);
        a.WaitFor(c);

        var error = Assert.Throws<DistributedApplicationException>(() => builder.Build());

        Assert.Contains("a -> c -> b -> a", error.Message);
    }

    [Fact]
    public void AFixedPortCannotServeSeveralReplicas()
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddExecutable("web", "sleep", ".", "1").WithHttpEndpoint(port: 8080).WithReplicas(2);

        var error = Assert.Throws<DistributedApplicationException>(() => builder.Build());

        Assert.Contains("fixed port 8080", error.Message);
    }

    [Fact]
    public void AHealthCheckMustUseAnEndpointOfItsResource()
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddExecutable("web", "sleep", ".", "1").WithHttpHealthCheck("/health");

        var error = Assert.Throws<DistributedApplicationException>(() => builder.Build());

        Assert.Contains("endpoint 'http'", error.Message);
    }

    [Fact]
    public void AnEndpointNameCanBeDeclaredOnlyOnce()
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        var project = builder.AddProject<Projects.VoiceAgent_Mocks>("mocks");

        Assert.Throws<DistributedApplicationException>(() => project.WithHttpEndpoint());
        project.WithEndpoint("http", endpoint => endpoint.Port = 5123);
        Assert.Equal(5123, project.Resource.Annotations.OfType<EndpointAnnotation>().Single().Port);
    }
}
