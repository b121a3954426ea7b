using System.Text.Json;
using VoiceAgent.Tests.Infrastructure;

namespace VoiceAgent.Tests.LoadTest;

/// <summary>
/// Runs <c>VoiceAgent.LoadTest broker ...</c> as a user would, against the broker built with the tests, with
/// short windows, and checks that each mode reports figures that could only come from a working run.
/// </summary>
public sealed class BrokerLoadTestCommandTests
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task FifoDeliversEverythingItSentAndReportsRateLatencyAndCpu()
    {
        var result = await RunAsync("fifo", "--groups", "50", "--warmup", "1", "--duration", "2");

        Assert.Equal("broker-fifo", result.GetProperty("mode").GetString());
        Assert.True(result.GetProperty("delivered_per_s").GetDouble() > 0);
        Assert.Equal(0, result.GetProperty("errors").GetInt64());
        Assert.Equal(0, result.GetProperty("undelivered_after_drain").GetInt64());
        Assert.True(result.GetProperty("store_to_deliver_p50_ms").GetDouble() >= 0);
        Assert.True(result.GetProperty("store_to_deliver_p99_ms").GetDouble() >= result.GetProperty("store_to_deliver_p50_ms").GetDouble());
        Assert.True(result.GetProperty("broker_cpu_s").GetDouble() > 0);
        Assert.True(result.GetProperty("load_cpu_s").GetDouble() > 0);
        Assert.True(result.GetProperty("broker_rss_mb").GetDouble() > 10);
    }

    [Fact]
    public async Task LiteOpenLoopHoldsALowRateWithAFlatBacklog()
    {
        var result = await RunAsync("lite", "--lite-topics", "300", "--consumers", "2", "--rate", "100", "--warmup", "1", "--duration", "3");

        Assert.Equal("open", result.GetProperty("loop").GetString());
        Assert.Equal(300, result.GetProperty("lite_topics").GetInt32());
        Assert.InRange(result.GetProperty("sent_per_s").GetDouble(), 80, 120);
        Assert.Equal(0, result.GetProperty("undelivered_after_drain").GetInt64());
        Assert.True(result.GetProperty("sustained").GetBoolean(), result.ToString());
    }

    [Fact]
    public async Task MemoryReportsAPositiveHeapCostPerIdleLiteTopic()
    {
        var result = await RunAsync("memory", "--lite-topics", "500");

        Assert.True(result.GetProperty("idle_topic_heap_bytes").GetDouble() > 0, result.ToString());
        Assert.True(result.GetProperty("subscription_heap_bytes").GetDouble() > 0, result.ToString());
        Assert.True(result.GetProperty("idle_heap_mb").GetDouble() > result.GetProperty("baseline_heap_mb").GetDouble());
        Assert.Equal(0, result.GetProperty("redelivered").GetInt64());
    }

    [Fact]
    public async Task LiteChurnCreatesAndExpiresLiteTopics()
    {
        var result = await RunAsync("lite-churn", "--expiration", "0.5", "--senders", "8", "--warmup", "1", "--duration", "2");

        Assert.True(result.GetProperty("created_per_s").GetDouble() > 0);
        Assert.True(result.GetProperty("expired_per_s").GetDouble() > 0, result.ToString());
        Assert.Equal(0, result.GetProperty("errors").GetInt64());
    }

    private static async Task<JsonElement> RunAsync(string mode, params string[] arguments)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Name;
        var loadTest = RepositoryPaths.Combine("artifacts", "bin", "VoiceAgent.LoadTest", configuration, "VoiceAgent.LoadTest.dll");
        var broker = RepositoryPaths.Combine("artifacts", "bin", "VoiceAgent.Broker", configuration, "VoiceAgent.Broker.dll");
        var log = Path.Combine(Path.GetTempPath(), $"voiceagent-loadtest-test-{Guid.NewGuid():N}.log");
        try
        {
            var result = await ProcessRunner.RunAsync(
                "dotnet",
                [loadTest, "broker", mode, .. arguments, "--json", "--broker-dll", broker, "--broker-log", log],
                RunTimeout);
            Assert.True(result.ExitCode == 0, result.Describe());
            var json = result.StandardOutput.Split('\n').Single(line => line.StartsWith("json: ", StringComparison.Ordinal));
            using var document = JsonDocument.Parse(json["json: ".Length..]);
            return document.RootElement.Clone();
        }
        finally
        {
            File.Delete(log);
        }
    }
}
