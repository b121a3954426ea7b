using Microsoft.Extensions.Diagnostics.HealthChecks;
using VoiceAgent.Hosting;
using VoiceAgent.Hosting.ApplicationModel;
using VoiceAgent.Hosting.Testing;
using static VoiceAgent.Tests.Hosting.TestResources;

namespace VoiceAgent.Tests.Hosting;

public sealed class StartupOrderTests
{
    [Fact]
    public async Task AResourceStartsOnlyOnceWhatItWaitsForIsRunningAndHealthy()
    {
        var readyFile = Path.Combine(Path.GetTempPath(), $"voiceagent-ready-{Guid.NewGuid():N}");
        try
        {
            await using var builder = DistributedApplicationTestingBuilder.Create();
            var database = builder.AddTestServer("database").WithEnvironment("READY_FILE", readyFile);
            builder.AddShell("worker", "exec sleep 600").WaitFor(database);
            builder.AddShell("independent", "exec sleep 600");
            await using var app = await builder.BuildAsync();
            var recording = RecordUntilAsync(app, s => s.Name == "worker-0" && s.State == KnownResourceStates.Running);

            await app.StartAsync().WaitAsync(DefaultTimeout);
            await app.ResourceNotifications.WaitForResourceAsync("worker", KnownResourceStates.Waiting).WaitAsync(DefaultTimeout);
            await app.ResourceNotifications.WaitForResourceAsync("independent", KnownResourceStates.Running).WaitAsync(DefaultTimeout);
            await app.ResourceNotifications
                .WaitForResourceAsync("database", e => e.Snapshot.State == KnownResourceStates.Running && e.Snapshot.HealthStatus == HealthStatus.Unhealthy)
                .WaitAsync(DefaultTimeout);

            Assert.True(app.ResourceNotifications.TryGetCurrentState("worker-0", out var waiting));
            Assert.Equal(KnownResourceStates.Waiting, waiting.Snapshot.State);
            Assert.Null(waiting.Snapshot.ProcessId);

            await File.WriteAllTextAsync(readyFile, "ready");
            var events = await recording.WaitAsync(DefaultTimeout);

            var databaseHealthy = events.FindIndex(s => s.Name == "database-0" && s.HealthStatus == HealthStatus.Healthy);
            var workerStarting = events.FindIndex(s => s.Name == "worker-0" && s.State == KnownResourceStates.Starting);
            Assert.True(databaseHealthy >= 0, "the database never became healthy");
            Assert.True(workerStarting > databaseHealthy, $"the worker started (event {workerStarting}) before the database was healthy (event {databaseHealthy})");
        }
        finally
        {
            File.Delete(readyFile);
        }
    }

    [Fact]
    public async Task AResourceWaitingForOneThatFailedToStartFailsToStartToo()
    {
        await using var builder = DistributedApplicationTestingBuilder.Create();
        var missing = builder.AddExecutable("missing", "voiceagent-no-such-program", Path.GetTempPath());
        builder.AddShell("dependent", "exec sleep 600").WaitFor(missing);
        await using var app = await builder.BuildAsync();

        await app.StartAsync().WaitAsync(DefaultTimeout);
        await app.ResourceNotifications.WaitForResourceAsync("dependent", KnownResourceStates.FailedToStart).WaitAsync(DefaultTimeout);

        Assert.True(app.ResourceNotifications.TryGetCurrentState("missing-0", out var failed));
        Assert.Contains("voiceagent-no-such-program", failed.Snapshot.StateReason);
        Assert.True(app.ResourceNotifications.TryGetCurrentState("dependent-0", out var dependent));
        Assert.Contains("missing", dependent.Snapshot.StateReason);
        Assert.Null(dependent.Snapshot.ProcessId);
        Assert.Null(dependent.Snapshot.StartTime);

        var error = await Assert.ThrowsAsync<DistributedApplicationException>(
            () => app.ResourceNotifications.WaitForResourceHealthyAsync("missing").WaitAsync(DefaultTimeout));
        Assert.Contains("FailedToStart", error.Message);
    }

    private static async Task<List<ResourceSnapshot>> RecordUntilAsync(DistributedApplication app, Func<ResourceSnapshot, bool> last)
    {
        var events = new List<ResourceSnapshot>();
        await foreach (var resourceEvent in app.ResourceNotifications.WatchAsync())
        {
            events.Add(resourceEvent.Snapshot);
            if (last(resourceEvent.Snapshot))
            {
                break;
            }
        }

        return events;
    }
}
