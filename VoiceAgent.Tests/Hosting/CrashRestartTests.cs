using VoiceAgent.Hosting;
using VoiceAgent.Hosting.ApplicationModel;
using VoiceAgent.Hosting.Testing;
using static VoiceAgent.Tests.Hosting.TestResources;

namespace VoiceAgent.Tests.Hosting;

public sealed class CrashRestartTests
{
    [Fact]
    public async Task ACrashingReplicaIsRestartedAfterADelayThatDoublesEachTime()
    {
        var restartDelay = TimeSpan.FromMilliseconds(400);
        await using var builder = DistributedApplicationTestingBuilder.Create(options =>
        {
            options.RestartDelay = restartDelay;
            options.MaxRestartDelay = TimeSpan.FromSeconds(10);
        });
        builder.AddShell("crasher", "echo started; exit 3");
        await using var app = await builder.BuildAsync();
        var recording = RecordAsync(app, "crasher-0", until: s => s.State == KnownResourceStates.Exited && s.Restarts == 3);

        await app.StartAsync().WaitAsync(DefaultTimeout);
        var events = await recording.WaitAsync(DefaultTimeout);

        var starts = events.Where(s => s.State == KnownResourceStates.Running).ToList();
        var exits = events.Where(s => s.State == KnownResourceStates.Exited).ToList();
        Assert.Equal([0, 1, 2, 3], starts.Select(s => s.Restarts));
        Assert.Equal(4, exits.Count);
        Assert.All(exits, exit => Assert.Equal(3, exit.ExitCode));
        for (var i = 0; i < 3; i++)
        {
            var waited = starts[i + 1].StartTime!.Value - exits[i].StopTime!.Value;
            var expected = restartDelay * Math.Pow(2, i);
            Assert.True(waited >= expected * 0.95, $"restart {i + 1} came after {waited.TotalMilliseconds} ms, expected at least {expected.TotalMilliseconds} ms");
        }

        var lines = app.GetResourceLogs("crasher-0");
        Assert.True(lines.Count(l => l.Text == "started") >= 4);
        Assert.Equal(Enumerable.Range(1, lines.Count).Select(n => (long)n), lines.Select(l => l.LineNumber));
    }

    [Fact]
    public async Task AKilledReplicaComesBackOnItsPortWhileTheOtherReplicaRunsOn()
    {
        await using var builder = DistributedApplicationTestingBuilder.Create(options => options.RestartDelay = TimeSpan.FromMilliseconds(200));
        builder.AddTestServer("server").WithReplicas(2);
        await using var app = await builder.BuildAsync();
        await app.StartAsync().WaitAsync(DefaultTimeout);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("server").WaitAsync(DefaultTimeout);
        var killed = Current(app, "server-0");
        var other = Current(app, "server-1");
        var endpoint = app.GetEndpoint("server-0");

        await app.KillReplicaAsync("server-0");
        var restarted = await app.ResourceNotifications
            .WaitForResourceAsync("server-0", e => e.Snapshot.Restarts == 1 && e.Snapshot.IsReady)
            .WaitAsync(DefaultTimeout);

        Assert.NotEqual(killed.ProcessId, restarted.Snapshot.ProcessId);
        Assert.False(ProcessTable.IsAlive(killed.ProcessId!.Value));
        Assert.True(ProcessTable.IsAlive(restarted.Snapshot.ProcessId!.Value));
        Assert.Equal(other.ProcessId, Current(app, "server-1").ProcessId);
        Assert.Equal(0, Current(app, "server-1").Restarts);
        Assert.Equal(endpoint, app.GetEndpoint("server-0"));
        using var http = app.CreateHttpClient("server-0");
        Assert.True((await http.GetAsync("/health")).IsSuccessStatusCode);
    }

    [Fact]
    public async Task RestartingAReplicaStopsItGracefullyAndStartsItAgainWithoutTheCrashDelay()
    {
        // A crash delay longer than the wait below: only a restart that skips it can pass.
        await using var builder = DistributedApplicationTestingBuilder.Create(options => options.RestartDelay = TimeSpan.FromMinutes(5));
        builder.AddTestServer("server");
        await using var app = await builder.BuildAsync();
        await app.StartAsync().WaitAsync(DefaultTimeout);
        var before = await app.ResourceNotifications.WaitForResourceHealthyAsync("server").WaitAsync(DefaultTimeout);

        await app.RestartReplicaAsync("server-0").WaitAsync(DefaultTimeout);
        var after = await app.ResourceNotifications
            .WaitForResourceAsync("server-0", e => e.Snapshot.Restarts == 1 && e.Snapshot.IsReady)
            .WaitAsync(DefaultTimeout);

        Assert.NotEqual(before.Snapshot.ProcessId, after.Snapshot.ProcessId);
        Assert.Contains(app.GetResourceLogs("server-0"), line => line.Text == "SIGTERM: stopping");
    }

    private static ResourceSnapshot Current(VoiceAgent.Hosting.DistributedApplication app, string replica) =>
        app.ResourceNotifications.TryGetCurrentState(replica, out var resourceEvent)
            ? resourceEvent.Snapshot
            : throw new InvalidOperationException($"no snapshot of {replica}");

    private static async Task<List<ResourceSnapshot>> RecordAsync(VoiceAgent.Hosting.DistributedApplication app, string replica, Func<ResourceSnapshot, bool> until)
    {
        var events = new List<ResourceSnapshot>();
        await foreach (var resourceEvent in app.ResourceNotifications.WatchAsync())
        {
            if (resourceEvent.ReplicaName == replica)
            {
                events.Add(resourceEvent.Snapshot);
                if (until(resourceEvent.Snapshot))
                {
                    break;
                }
            }
        }

        return events;
    }
}
