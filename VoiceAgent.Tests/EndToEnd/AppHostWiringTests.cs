using System.Text.Json;
using VoiceAgent.Hosting;
using VoiceAgent.Hosting.Testing;
using VoiceAgent.Tests.Hosting;

namespace VoiceAgent.Tests.EndToEnd;

[Collection(VoiceStackCollection.Name)]
public sealed class AppHostWiringTests(VoiceStackFixture stack)
{
    [Fact]
    public async Task EveryGatewayGetsTheAppHostKeysAndTheDownlinkKeepsDeliveredEventsForTwoMinutes()
    {
        var snapshots = stack.App.ResourceNotifications.GetSnapshots();
        var gateways = snapshots.Where(s => s.ResourceName == "gateway").Select(s => ProcessTable.ReadEnvironment(s.ProcessId!.Value)).ToList();
        Assert.Equal(2, gateways.Count);
        Assert.All(gateways, environment => Assert.Equal(stack.ApiKey, environment["VoiceAgent__ApiKey"]));
        var resumeKey = Assert.Single(gateways.Select(environment => environment["VoiceAgent__ResumeKey"]).Distinct());
        Assert.True(resumeKey.Length >= 16);
        Assert.NotEqual(stack.ApiKey, resumeKey);

        // Stateless processors need Redis; without it the AppHost runs one.
        var hasRedis = ExecutableLocator.Exists(RedisBuilderExtensions.RedisServerCommand);
        Assert.Equal(hasRedis ? 2 : 1, snapshots.Count(s => s.ResourceName == "processor"));

        using var broker = stack.App.CreateHttpClient("rocketmq");
        using var topics = JsonDocument.Parse(await broker.GetStringAsync("/api/topics").WaitAsync(TimeSpan.FromSeconds(15)));
        var downlink = topics.RootElement.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "voice-downlink");
        Assert.Equal(120, downlink.GetProperty("retainSeconds").GetInt64());
        Assert.Equal(600, downlink.GetProperty("liteExpirationSeconds").GetInt64());
    }
}
