using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using VoiceAgent.ServiceDefaults.ServiceDiscovery;

namespace VoiceAgent.Tests.ServiceDefaults;

/// <summary>
/// HttpClients of a host built with AddServiceDefaults find their peers the way Aspire hands them over:
/// <c>services__{name}__{endpoint}__{index}</c> environment variables, which configuration reads as
/// <c>services:{name}:{endpoint}:{index}</c> (the form used here), pointing at real in-test servers.
/// </summary>
public sealed class ServiceDiscoveryTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AnHttpClientRoundRobinsAcrossTheConfiguredInstances()
    {
        await using var first = await ScriptedHttpServer.StartAsync();
        await using var second = await ScriptedHttpServer.StartAsync();
        first.Fallback = Respond.Text("first");
        second.Fallback = Respond.Text("second");
        await using var service = await ServiceDefaultsApp.StartAsync(new Dictionary<string, string?>
        {
            ["services:processor:http:0"] = first.BaseAddress.ToString(),
            ["services:processor:http:1"] = second.BaseAddress.ToString(),
        });
        using var client = service.CreateClient();

        var answers = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add(await client.GetStringAsync("http://processor/v1/ping?n=" + i).WaitAsync(Timeout));
        }

        Assert.Equal(["first", "second", "first", "second"], answers);
        Assert.Equal(["/v1/ping?n=0", "/v1/ping?n=2"], first.Requests.Select(r => r.PathAndQuery));
        Assert.Equal(["/v1/ping?n=1", "/v1/ping?n=3"], second.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task ARetriedRequestGoesToTheNextInstance()
    {
        await using var failing = await ScriptedHttpServer.StartAsync();
        await using var healthy = await ScriptedHttpServer.StartAsync();
        failing.Fallback = Respond.Status(503);
        healthy.Fallback = Respond.Text("healthy instance");
        await using var service = await ServiceDefaultsApp.StartAsync(new Dictionary<string, string?>
        {
            ["services:processor:http:0"] = failing.BaseAddress.ToString(),
            ["services:processor:http:1"] = healthy.BaseAddress.ToString(),
        });
        using var client = service.CreateClient();

        var answer = await client.GetStringAsync("http://processor/v1/ping").WaitAsync(Timeout);

        Assert.Equal("healthy instance", answer);
        Assert.Equal(1, failing.RequestCount);
        Assert.Equal(1, healthy.RequestCount);
    }

    [Fact]
    public async Task HttpsPlusHttpFallsBackToHttpEndpointsWhenNoHttpsIsConfigured()
    {
        await using var mocks = await ScriptedHttpServer.StartAsync();
        mocks.Fallback = Respond.Text("mocks over http");
        await using var service = await ServiceDefaultsApp.StartAsync(new Dictionary<string, string?>
        {
            ["services:mocks:http:0"] = mocks.BaseAddress.ToString(),
        });
        using var client = service.CreateClient();
        client.BaseAddress = new Uri("https+http://mocks");

        var answer = await client.GetStringAsync("/v1/models").WaitAsync(Timeout);

        Assert.Equal("mocks over http", answer);
        Assert.Equal("/v1/models", Assert.Single(mocks.Requests).PathAndQuery);
    }

    [Fact]
    public async Task HttpsPlusHttpPrefersHttpsEndpointsWhenBothAreConfigured()
    {
        await using var service = await ServiceDefaultsApp.StartAsync(new Dictionary<string, string?>
        {
            ["services:mocks:http:0"] = "http://10.0.0.1:5000",
            ["services:mocks:https:0"] = "https://10.0.0.1:5001",
            ["services:mocks:https:1"] = "https://10.0.0.2:5001",
        });
        var resolver = service.Services.GetRequiredService<IServiceEndpointResolver>();

        var endpoints = await resolver.GetEndpointsAsync(new Uri("https+http://mocks"));

        Assert.Equal([new Uri("https://10.0.0.1:5001"), new Uri("https://10.0.0.2:5001")], endpoints);
    }

    [Fact]
    public async Task AnUnderscorePrefixSelectsANamedEndpoint()
    {
        await using var http = await ScriptedHttpServer.StartAsync();
        await using var grpc = await ScriptedHttpServer.StartAsync();
        http.Fallback = Respond.Text("http endpoint");
        grpc.Fallback = Respond.Text("grpc endpoint");
        await using var service = await ServiceDefaultsApp.StartAsync(new Dictionary<string, string?>
        {
            ["services:broker:http:0"] = http.BaseAddress.ToString(),
            ["services:broker:grpc:0"] = grpc.BaseAddress.ToString(),
        });
        using var client = service.CreateClient();

        Assert.Equal("grpc endpoint", await client.GetStringAsync("http://_grpc.broker/status").WaitAsync(Timeout));
        Assert.Equal("http endpoint", await client.GetStringAsync("http://broker/status").WaitAsync(Timeout));
    }

    [Fact]
    public async Task AnUnknownServiceNameFailsWithAMessageNamingTheServiceAndTheKeysLookedFor()
    {
        await using var service = await ServiceDefaultsApp.StartAsync();
        using var client = service.CreateClient();

        var error = await Assert.ThrowsAsync<ServiceEndpointNotFoundException>(() => client.GetAsync("http://nosuch/v1/x").WaitAsync(Timeout));

        Assert.Equal("nosuch", error.ServiceName);
        Assert.Equal(["Services:nosuch:default", "Services:nosuch:http"], error.ConfigurationKeys);
        Assert.Contains("'nosuch'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Services:nosuch:http", error.Message, StringComparison.Ordinal);
        Assert.Contains("services__nosuch__http__0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddressesThatAreNotServiceNamesPassThroughUnchanged()
    {
        await using var peer = await ScriptedHttpServer.StartAsync();
        peer.Fallback = Respond.Text("direct");
        await using var service = await ServiceDefaultsApp.StartAsync();
        using var client = service.CreateClient();

        Assert.Equal("direct", await client.GetStringAsync(new Uri(peer.BaseAddress, "/a")).WaitAsync(Timeout));
        Assert.Equal("direct", await client.GetStringAsync($"http://localhost:{peer.BaseAddress.Port}/b").WaitAsync(Timeout));
        Assert.Equal(["/a", "/b"], peer.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task TheResolverServesClientsOtherThanHttpClientRoundRobin()
    {
        await using var service = await ServiceDefaultsApp.StartAsync(new Dictionary<string, string?>
        {
            ["services:gateway:http:0"] = "http://10.1.0.1:8080",
            ["services:gateway:http:1"] = "http://10.1.0.2:8080/base/",
        });
        var resolver = service.Services.GetRequiredService<IServiceEndpointResolver>();
        var address = new Uri("http://gateway/v1/realtime?session=abc");

        var first = await resolver.ResolveAsync(address);
        var second = await resolver.ResolveAsync(address);
        var third = await resolver.ResolveAsync(address);

        Assert.Equal(new Uri("http://10.1.0.1:8080/v1/realtime?session=abc"), first);
        Assert.Equal(new Uri("http://10.1.0.2:8080/base/v1/realtime?session=abc"), second);
        Assert.Equal(first, third);
    }

    [Fact]
    public async Task TheResolverFollowsConfigurationReloads()
    {
        await using var peer = await ScriptedHttpServer.StartAsync();
        peer.Fallback = Respond.Text("late peer");
        await using var service = await ServiceDefaultsApp.StartAsync();
        using var client = service.CreateClient();
        await Assert.ThrowsAsync<ServiceEndpointNotFoundException>(() => client.GetAsync("http://late/x").WaitAsync(Timeout));

        // Adding a source to the live configuration reloads it, as a changed appsettings file or a new
        // environment snapshot would.
        ((IConfigurationBuilder)service.App.Configuration).AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["services:late:http:0"] = peer.BaseAddress.ToString(),
        });

        Assert.Equal("late peer", await client.GetStringAsync("http://late/x").WaitAsync(Timeout));
    }

    [Fact]
    public async Task AnInvalidConfiguredEndpointFailsWithTheOffendingKey()
    {
        await using var service = await ServiceDefaultsApp.StartAsync(new Dictionary<string, string?>
        {
            ["services:llm:http:0"] = "http://",
        });
        var resolver = service.Services.GetRequiredService<IServiceEndpointResolver>();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => resolver.ResolveAsync(new Uri("http://llm/v1")).AsTask());

        Assert.Contains("services:llm:http:0", error.Message, StringComparison.OrdinalIgnoreCase);
    }
}
