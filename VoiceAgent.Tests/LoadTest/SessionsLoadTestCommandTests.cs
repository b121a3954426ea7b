using System.Text.Json;
using VoiceAgent.Tests.Infrastructure;

namespace VoiceAgent.Tests.LoadTest;

/// <summary>
/// Runs <c>VoiceAgent.LoadTest sessions --stack</c> as a user would: it starts the whole stack from the AppHost's
/// model (built with the tests), talks to it with concurrent voice sessions and reports what it measured.
/// </summary>
public sealed class SessionsLoadTestCommandTests
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task FourSessionsAgainstTheWholeStackCompleteTurnsWithoutErrors()
    {
        var result = await RunAsync("--stack", "--sessions", "4", "--ramp", "1s", "--duration", "5s");

        Assert.Equal("sessions", result.GetProperty("mode").GetString());
        Assert.Equal(4, result.GetProperty("connected").GetInt32());
        Assert.True(result.GetProperty("turns").GetInt64() > 0, result.ToString());
        Assert.Equal(0, result.GetProperty("errors").GetInt64());
        Assert.Equal(0, result.GetProperty("lost_seq").GetInt64());
        Assert.Equal(0, result.GetProperty("duplicate_seq").GetInt64());

        // Every stage of a turn was seen, in the order the link produces them.
        var committed = result.GetProperty("committed_p50_ms").GetDouble();
        var firstAudio = result.GetProperty("turn_p50_ms").GetDouble();
        var done = result.GetProperty("done_p50_ms").GetDouble();
        Assert.InRange(committed, 0, firstAudio);
        Assert.InRange(firstAudio, committed, done);
        Assert.True(result.GetProperty("transcript_p50_ms").GetDouble() >= committed, result.ToString());
        Assert.True(result.GetProperty("gateway_cores").GetDouble() > 0, result.ToString());
        Assert.True(result.GetProperty("processor_cores").GetDouble() > 0, result.ToString());
        Assert.True(result.GetProperty("broker_cores").GetDouble() > 0, result.ToString());
    }

    [Fact]
    public async Task NeitherGatewayNorStackIsAUsageError()
    {
        var run = await ProcessRunner.RunAsync("dotnet", [LoadTestDll(), "sessions", "--sessions", "1"], RunTimeout);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("--stack", run.StandardError + run.StandardOutput, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> RunAsync(params string[] arguments)
    {
        var run = await ProcessRunner.RunAsync("dotnet", [LoadTestDll(), "sessions", .. arguments, "--json"], RunTimeout);
        Assert.True(run.ExitCode == 0, run.Describe());
        var json = run.StandardOutput.Split('\n').SingleOrDefault(line => line.StartsWith("json: ", StringComparison.Ordinal));
        Assert.True(json is not null, run.Describe());
        using var document = JsonDocument.Parse(json["json: ".Length..]);
        return document.RootElement.Clone();
    }

    private static string LoadTestDll() =>
        RepositoryPaths.Combine("artifacts", "bin", "VoiceAgent.LoadTest", new DirectoryInfo(AppContext.BaseDirectory).Name, "VoiceAgent.LoadTest.dll");
}
