using System.Text.Json;
using VoiceAgent.Hosting;
using VoiceAgent.Hosting.Testing;
using static VoiceAgent.Tests.Hosting.TestResources;

namespace VoiceAgent.Tests.Hosting;

public sealed class AppHostModelTests
{
    [Fact]
    public async Task TheAppHostModelRunsEveryResourceRunningAndHealthyWithItsReferences()
    {
        await using var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.VoiceAgent_AppHost>().WaitAsync(DefaultTimeout);
        appHost.WithReplicas("gateway", 1);
        await using var app = await appHost.BuildAsync();

        await app.StartAsync().WaitAsync(DefaultTimeout);
        foreach (var resource in appHost.Resources)
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(resource.Name).WaitAsync(DefaultTimeout);
        }

        using var api = new HttpClient { BaseAddress = app.ResourceApiUri };
        using var json = JsonDocument.Parse(await api.GetStringAsync("api/resources"));
        var entries = json.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!);
        var hasRedis = ExecutableLocator.Exists(RedisBuilderExtensions.RedisServerCommand);
        string[] expected = hasRedis
            ? ["gateway-0", "mocks-0", "processor-0", "processor-1", "redis-0", "rocketmq-0"]
            : ["gateway-0", "mocks-0", "processor-0", "rocketmq-0"];
        Assert.Equal(expected, entries.Keys.Order());
        Assert.All(entries.Values, entry =>
        {
            Assert.Equal("Running", entry.GetProperty("state").GetString());
            Assert.Equal("Healthy", entry.GetProperty("health").GetString());
        });
        Assert.True(entries["gateway-0"].GetProperty("endpoints")[0].GetProperty("isExternal").GetBoolean());

        using var gateway = app.CreateHttpClient("gateway");
        Assert.True((await gateway.GetAsync("/health")).IsSuccessStatusCode);

        var rocketmq = await app.GetConnectionStringAsync("rocketmq");
        Assert.Equal($"Endpoints=127.0.0.1:{app.GetEndpoint("rocketmq", "grpc").Port};Namespace=;Tls=false", rocketmq);

        var lastProcessor = hasRedis ? "processor-1" : "processor-0";
        var processor = ProcessTable.ReadEnvironment(entries[lastProcessor].GetProperty("pid").GetInt32());
        Assert.Equal(app.GetEndpoint("mocks").GetLeftPart(UriPartial.Authority), processor["services__mocks__http__0"]);
        Assert.Equal(rocketmq, processor["ConnectionStrings__rocketmq"]);
        Assert.Equal($"service.instance.id={lastProcessor}", processor.GetValueOrDefault("OTEL_RESOURCE_ATTRIBUTES", $"service.instance.id={lastProcessor}"));
        if (hasRedis)
        {
            Assert.Equal(await app.GetConnectionStringAsync("redis"), processor["ConnectionStrings__redis"]);
        }

        var gatewayEnvironment = ProcessTable.ReadEnvironment(entries["gateway-0"].GetProperty("pid").GetInt32());
        Assert.Equal(rocketmq, gatewayEnvironment["ConnectionStrings__rocketmq"]);
        Assert.False(gatewayEnvironment.ContainsKey("services__mocks__http__0"));
        Assert.False(gatewayEnvironment.ContainsKey("ConnectionStrings__redis"));
    }
}
