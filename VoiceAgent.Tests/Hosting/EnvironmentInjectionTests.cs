using System.Net.Http.Json;
using VoiceAgent.Hosting;
using VoiceAgent.Hosting.Testing;
using static VoiceAgent.Tests.Hosting.TestResources;

namespace VoiceAgent.Tests.Hosting;

public sealed class EnvironmentInjectionTests
{
    [Fact]
    public async Task AProjectGetsItsUrlsItsReferencesAndOtlpSettingsTheWayAspireInjectsThem()
    {
        await using var builder = DistributedApplicationTestingBuilder.Create();
        builder.Configuration["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = "http://127.0.0.1:4317";
        builder.Configuration["AppHost:OtlpApiKey"] = "test-api-key";
        var api = builder.AddProject<Projects.VoiceAgent_Mocks>("api").WithReplicas(2);
        var store = builder.AddShell("store", "exec sleep 600")
            .WithEndpoint("tcp", scheme: "tcp")
            .WithConnectionString(resource => $"127.0.0.1:{resource.GetEndpoint("tcp").Port}");
        builder.AddProject<Projects.VoiceAgent_Mocks>("consumer")
            .WithReference(api)
            .WithReference(store)
            .WithEnvironment("CUSTOM_SETTING", "custom-value")
            .WithHttpHealthCheck("/health");

        await using var app = await builder.BuildAsync();
        await app.StartAsync().WaitAsync(DefaultTimeout);
        var consumer = await app.ResourceNotifications.WaitForResourceHealthyAsync("consumer").WaitAsync(DefaultTimeout);

        var environment = ProcessTable.ReadEnvironment(consumer.Snapshot.ProcessId!.Value);
        Assert.Equal(Url(app, "api-0"), environment["services__api__http__0"]);
        Assert.Equal(Url(app, "api-1"), environment["services__api__http__1"]);
        Assert.NotEqual(environment["services__api__http__0"], environment["services__api__http__1"]);
        Assert.Equal(Url(app, "api-0"), environment["API_HTTP"]);
        Assert.Equal($"127.0.0.1:{app.GetEndpoint("store", "tcp").Port}", environment["ConnectionStrings__store"]);
        Assert.Equal(await app.GetConnectionStringAsync("store"), environment["ConnectionStrings__store"]);
        Assert.Equal(Url(app, "consumer"), environment["ASPNETCORE_URLS"]);
        Assert.Equal("Development", environment["DOTNET_ENVIRONMENT"]);
        Assert.Equal("Development", environment["ASPNETCORE_ENVIRONMENT"]);
        Assert.Equal("simple", environment["LOGGING__CONSOLE__FORMATTERNAME"]);
        Assert.Equal("true", environment["DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION"]);
        Assert.Equal("http://127.0.0.1:4317", environment["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("grpc", environment["OTEL_EXPORTER_OTLP_PROTOCOL"]);
        Assert.Equal("x-otlp-api-key=test-api-key", environment["OTEL_EXPORTER_OTLP_HEADERS"]);
        Assert.Equal("consumer", environment["OTEL_SERVICE_NAME"]);
        Assert.Equal("service.instance.id=consumer-0", environment["OTEL_RESOURCE_ATTRIBUTES"]);
        Assert.Equal("1000", environment["OTEL_BSP_SCHEDULE_DELAY"]);
        Assert.Equal("always_on", environment["OTEL_TRACES_SAMPLER"]);
        Assert.Equal("custom-value", environment["CUSTOM_SETTING"]);

        // The project really listens where ASPNETCORE_URLS told it to.
        using var http = app.CreateHttpClient("consumer");
        Assert.True((await http.GetAsync("/health")).IsSuccessStatusCode);
    }

    [Fact]
    public async Task AnExecutableEchoesItsServiceNameInstanceIdReferencesAndPortButNoAspNetCoreUrls()
    {
        await using var builder = DistributedApplicationTestingBuilder.Create();
        builder.Configuration["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = "http://127.0.0.1:4318";
        var backend = builder.AddTestServer("backend");
        builder.AddTestServer("echo").WithReplicas(2).WithOtlpExporter().WithReference(backend);

        await using var app = await builder.BuildAsync();
        await app.StartAsync().WaitAsync(DefaultTimeout);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("echo").WaitAsync(DefaultTimeout);

        using var http = app.CreateHttpClient("echo-1");
        var environment = await http.GetFromJsonAsync<Dictionary<string, string>>("/env").WaitAsync(DefaultTimeout);

        Assert.NotNull(environment);
        Assert.Equal("echo", environment["OTEL_SERVICE_NAME"]);
        Assert.Equal("service.instance.id=echo-1", environment["OTEL_RESOURCE_ATTRIBUTES"]);
        Assert.Equal("http://127.0.0.1:4318", environment["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("http/protobuf", environment["OTEL_EXPORTER_OTLP_PROTOCOL"]);
        Assert.False(environment.ContainsKey("OTEL_EXPORTER_OTLP_HEADERS"));
        Assert.Equal(Url(app, "backend"), environment["services__backend__http__0"]);
        Assert.Equal(Url(app, "backend"), environment["BACKEND_HTTP"]);
        Assert.Equal(app.GetEndpoint("echo-1").Port.ToString(System.Globalization.CultureInfo.InvariantCulture), environment["PORT"]);
        Assert.False(environment.ContainsKey("ASPNETCORE_URLS"));
    }

    [Fact]
    public async Task WithoutAnOtlpEndpointConfiguredNoServiceGetsOtelVariables()
    {
        await using var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddProject<Projects.VoiceAgent_Mocks>("quiet").WithHttpHealthCheck("/health");

        await using var app = await builder.BuildAsync();
        await app.StartAsync().WaitAsync(DefaultTimeout);
        var quiet = await app.ResourceNotifications.WaitForResourceHealthyAsync("quiet").WaitAsync(DefaultTimeout);

        var environment = ProcessTable.ReadEnvironment(quiet.Snapshot.ProcessId!.Value);
        Assert.Equal(Url(app, "quiet"), environment["ASPNETCORE_URLS"]);
        Assert.DoesNotContain(environment.Keys, name => name.StartsWith("OTEL_", StringComparison.Ordinal));
    }

    private static string Url(DistributedApplication app, string name) => app.GetEndpoint(name).GetLeftPart(UriPartial.Authority);
}
