using System.Diagnostics;
using VoiceAgent.Hosting;
using VoiceAgent.Hosting.ApplicationModel;
using VoiceAgent.Hosting.Testing;
using static VoiceAgent.Tests.Hosting.TestResources;

namespace VoiceAgent.Tests.Hosting;

public sealed class ShutdownTests
{
    [Fact]
    public async Task StoppingTheApplicationEndsEveryProcessItStartedAndRestartsNone()
    {
        var marker = Guid.NewGuid().ToString("N");
        await using var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddTestServer("server").WithEnvironment(MarkerVariable, marker);
        builder.AddShell("tree", "sleep 600 & sleep 600 & wait").WithEnvironment(MarkerVariable, marker);
        builder.AddProject<Projects.VoiceAgent_Mocks>("mocks").WithEnvironment(MarkerVariable, marker).WithHttpHealthCheck("/health");
        await using var app = await builder.BuildAsync();
        await app.StartAsync().WaitAsync(DefaultTimeout);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("server").WaitAsync(DefaultTimeout);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("mocks").WaitAsync(DefaultTimeout);

        // node, sh and its two sleeps, dotnet
        await Eventually.GetAsync(() => ProcessTable.FindByEnvironment(MarkerVariable, marker), p => p.Count >= 5, DefaultTimeout, "every process to start");

        await app.StopAsync().WaitAsync(DefaultTimeout);

        await Eventually.GetAsync(() => ProcessTable.FindByEnvironment(MarkerVariable, marker), p => p.Count == 0, TimeSpan.FromSeconds(10), "no process left");
        Assert.All(app.ResourceNotifications.GetSnapshots(), snapshot =>
        {
            Assert.Contains(snapshot.State, new[] { KnownResourceStates.Finished, KnownResourceStates.Exited });
            Assert.Equal(0, snapshot.Restarts);
            Assert.Null(snapshot.ProcessId);
        });
    }

    [Fact]
    public async Task AReplicaThatIgnoresSigtermIsKilledWhenTheGracePeriodEnds()
    {
        var marker = Guid.NewGuid().ToString("N");
        var gracePeriod = TimeSpan.FromSeconds(2);
        await using var builder = DistributedApplicationTestingBuilder.Create(options => options.ShutdownGracePeriod = gracePeriod);
        builder.AddShell("stubborn", "trap '' TERM; sleep 600 & wait").WithEnvironment(MarkerVariable, marker);
        await using var app = await builder.BuildAsync();
        await app.StartAsync().WaitAsync(DefaultTimeout);
        await Eventually.GetAsync(() => ProcessTable.FindByEnvironment(MarkerVariable, marker), p => p.Count == 2, DefaultTimeout, "sh and sleep to start");

        var stopping = Stopwatch.StartNew();
        await app.StopAsync().WaitAsync(DefaultTimeout);
        stopping.Stop();

        Assert.True(stopping.Elapsed >= gracePeriod * 0.95, $"stopped after {stopping.Elapsed}, before the grace period");
        Assert.True(app.ResourceNotifications.TryGetCurrentState("stubborn-0", out var stopped));
        Assert.Equal(KnownResourceStates.Exited, stopped.Snapshot.State);
        Assert.Equal(137, stopped.Snapshot.ExitCode);
        await Eventually.GetAsync(() => ProcessTable.FindByEnvironment(MarkerVariable, marker), p => p.Count == 0, TimeSpan.FromSeconds(10), "no process left");
    }

    [Fact]
    public async Task AResourceIsStoppedOnlyAfterEverythingThatWaitsForItHasExited()
    {
        var journal = Path.Combine(Path.GetTempPath(), $"voiceagent-shutdown-{Guid.NewGuid():N}");
        try
        {
            await using var builder = DistributedApplicationTestingBuilder.Create();
            var database = builder.AddShell("database", Script("database", "echo database-term"));
            var queue = builder.AddShell("queue", Script("queue", "echo queue-term")).WaitFor(database);
            // The worker takes its time to finish after SIGTERM; what it waits for must still be up meanwhile.
            builder.AddShell("worker", Script("worker", "sleep 1; echo worker-exit")).WaitFor(database).WaitFor(queue);
            await using var app = await builder.BuildAsync();
            await app.StartAsync().WaitAsync(DefaultTimeout);
            await Eventually.GetAsync(() => ReadJournal(), lines => lines.Count(l => l.EndsWith("-up", StringComparison.Ordinal)) == 3, DefaultTimeout, "every shell to trap SIGTERM");

            await app.StopAsync().WaitAsync(DefaultTimeout);

            Assert.Equal(["worker-exit", "queue-term", "database-term"], ReadJournal().Where(l => !l.EndsWith("-up", StringComparison.Ordinal)));
        }
        finally
        {
            File.Delete(journal);
        }

        string Script(string name, string onTerm) => $"trap '{onTerm} >> {journal}; exit 0' TERM; echo {name}-up >> {journal}; sleep 600 & wait";

        string[] ReadJournal() => File.Exists(journal) ? File.ReadAllLines(journal) : [];
    }
}
