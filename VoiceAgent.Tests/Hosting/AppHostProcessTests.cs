using VoiceAgent.Hosting;
using static VoiceAgent.Tests.Hosting.TestResources;

namespace VoiceAgent.Tests.Hosting;

/// <summary>The AppHost as users run it: its own process, stopped with Ctrl+C or killed outright.</summary>
public sealed class AppHostProcessTests
{
    // rocketmq, mocks, processor x2, gateway x2, and redis when it is installed
    private static readonly int Replicas = ExecutableLocator.Exists(RedisBuilderExtensions.RedisServerCommand) ? 7 : 6;

    [Fact]
    public async Task CtrlCStopsEveryResourceAndTheAppHostLeavesNoProcessBehind()
    {
        await using var appHost = RunningAppHost.Start();
        var pids = await appHost.WaitUntilEveryReplicaIsHealthyAsync(Replicas);
        Assert.All(pids, pid => Assert.True(ProcessTable.IsAlive(pid)));

        await appHost.SignalAsync("INT");

        Assert.Equal(0, await appHost.WaitForExitAsync());
        Assert.Contains("All replicas stopped", appHost.Output);
        Assert.Matches(@"(?m)^REPLICA\s+TYPE\s+STATE\s+HEALTH\s+PID\s+URLS", appHost.Output);
        Assert.Matches(@"(?m)^gateway-1\s+Project\s+Running\s+Healthy\s+\d+\s+http://127\.0\.0\.1:\d+ \(external\)", appHost.Output);
        Assert.Matches(@"(?m)^gateway-1\s+\| ", appHost.Output);
        Assert.DoesNotContain("killed", appHost.Output);
        await Eventually.GetAsync(() => ProcessTable.FindByEnvironment(MarkerVariable, appHost.Marker), p => p.Count == 0, TimeSpan.FromSeconds(10), "no process left");
        // redis-server is not found by its marker (it writes its title over its environment): wait for every pid.
        await Eventually.GetAsync(() => pids.Where(ProcessTable.IsAlive).ToList(), alive => alive.Count == 0, TimeSpan.FromSeconds(10), "every replica's process has exited");
    }

    [Fact]
    public async Task KillingTheAppHostWithSigkillTakesEveryResourceWithIt()
    {
        await using var appHost = RunningAppHost.Start();
        var pids = await appHost.WaitUntilEveryReplicaIsHealthyAsync(Replicas);
        Assert.All(pids, pid => Assert.True(ProcessTable.IsAlive(pid)));

        // The AppHost and its replicas carry the marker (redis-server writes its title over its environment).
        Assert.True(ProcessTable.FindByEnvironment(MarkerVariable, appHost.Marker).Count >= Replicas);

        await appHost.SignalAsync("KILL");
        await appHost.WaitForExitAsync();

        await Eventually.GetAsync(() => ProcessTable.FindByEnvironment(MarkerVariable, appHost.Marker), p => p.Count == 0, TimeSpan.FromSeconds(10), "no process left");
        // redis-server is not found by its marker (it writes its title over its environment): wait for every pid.
        await Eventually.GetAsync(() => pids.Where(ProcessTable.IsAlive).ToList(), alive => alive.Count == 0, TimeSpan.FromSeconds(10), "every replica's process has exited");
    }
}
