using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using VoiceAgent.Redis;
using VoiceAgent.Tests.Infrastructure;
using VoiceAgent.Tests.Redis.Infrastructure;

namespace VoiceAgent.Tests.Redis;

public sealed class HostingTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task AddRedisClientReadsTheAspireConnectionStringAndRegistersAReadinessCheck()
    {
        using var host = BuildHost(new() { ["ConnectionStrings:redis"] = TestTimeouts.Relaxed(redis.ConnectionString) });
        var client = host.Services.GetRequiredService<RedisClient>();
        var key = $"hosting:{Guid.NewGuid():N}";

        await client.SetAsync(key, "from DI").WaitAsync(TestTimeouts.Default);
        var report = await host.Services.GetRequiredService<HealthCheckService>()
            .CheckHealthAsync(check => check.Tags.Contains("ready")).WaitAsync(TestTimeouts.Default);

        Assert.Same(client, host.Services.GetRequiredService<RedisClient>());
        Assert.Equal("from DI", await client.GetStringAsync(key));
        var entry = Assert.Single(report.Entries);
        Assert.Equal("redis", entry.Key);
        Assert.Equal(HealthStatus.Healthy, entry.Value.Status);
        Assert.Contains("answered PING", entry.Value.Description);
    }

    [Fact]
    public async Task TheHealthCheckIsUnhealthyWhenRedisDoesNotAnswer()
    {
        using var host = BuildHost(new() { ["ConnectionStrings:redis"] = $"127.0.0.1:{FreePort.Next()},syncTimeout=300" });

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync().WaitAsync(TestTimeouts.Default);

        Assert.Equal(HealthStatus.Unhealthy, report.Status);
        Assert.Contains("not connected to Redis at 127.0.0.1:", report.Entries["redis"].Description);
    }

    [Fact]
    public void AMissingConnectionStringNamesTheSettingToProvide()
    {
        using var host = BuildHost([]);

        var error = Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredService<RedisClient>());

        Assert.Contains("ConnectionStrings__redis", error.Message);
    }

    [Fact]
    public async Task SettingsComeFromTheVoiceAgentRedisSection()
    {
        using var host = BuildHost(new()
        {
            ["VoiceAgent:Redis:ConnectionString"] = TestTimeouts.Relaxed(redis.ConnectionString) + ",name=from-settings",
            ["VoiceAgent:Redis:DisableHealthChecks"] = "true",
        });
        var client = host.Services.GetRequiredService<RedisClient>();

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync().WaitAsync(TestTimeouts.Default);

        Assert.Empty(report.Entries);
        Assert.Contains("name=from-settings", (await client.ExecuteAsync("CLIENT", "INFO")).AsString());
    }

    [Fact]
    public async Task KeyedClientsAreSeparate()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:sessions"] = TestTimeouts.Relaxed(redis.ConnectionString) + ",defaultDatabase=1",
            ["ConnectionStrings:cache"] = TestTimeouts.Relaxed(redis.ConnectionString) + ",defaultDatabase=2",
        });
        builder.AddKeyedRedisClient("sessions").AddKeyedRedisClient("cache");
        using var host = builder.Build();
        var sessions = host.Services.GetRequiredKeyedService<RedisClient>("sessions");
        var cache = host.Services.GetRequiredKeyedService<RedisClient>("cache");
        var key = $"keyed:{Guid.NewGuid():N}";

        await sessions.SetAsync(key, "s").WaitAsync(TestTimeouts.Default);

        Assert.NotSame(sessions, cache);
        Assert.Null(await cache.GetStringAsync(key));
    }

    private static IHost BuildHost(Dictionary<string, string?> configuration)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Services.AddHealthChecks();
        builder.AddRedisClient("redis");
        return builder.Build();
    }
}
