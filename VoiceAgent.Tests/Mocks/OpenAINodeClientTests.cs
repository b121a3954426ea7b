using System.Text.Json.Nodes;
using VoiceAgent.Tests.Infrastructure;

namespace VoiceAgent.Tests.Mocks;

/// <summary>The official OpenAI Node.js client (interop/openai-node) talks to the mocks as to the real API.</summary>
public sealed class OpenAINodeClientTests
{
    [Fact]
    public async Task TheOfficialOpenAIClientStreamsChatSpeaksTranscribesAndSeesErrors()
    {
        RepositoryPaths.NodeModules("openai-node");
        await using var server = await MockModelsServer.StartAsync(new Dictionary<string, string?> { ["Mocks:ApiKey"] = "sk-mock-interop" });
        using var recorder = new MockRequestRecorder(server);

        var result = await ProcessRunner.RunAsync(
            "node",
            [RepositoryPaths.Combine("interop", "openai-node", "mock-models-client.mjs"), new Uri(server.BaseAddress, "v1").ToString(), "sk-mock-interop"],
            TimeSpan.FromMinutes(2),
            workingDirectory: RepositoryPaths.Combine("interop", "openai-node"));

        Assert.True(result.ExitCode == 0, result.Describe());
        var report = JsonNode.Parse(result.StandardOutput.Trim().Split('\n')[^1])!;
        var streamed = report["streamed"]!.GetValue<string>();
        Assert.StartsWith("You said What is the weather today. This is turn 1 of our conversation.", streamed);
        Assert.Equal(streamed, report["whole"]!.GetValue<string>());
        Assert.Equal("chat.completion", report["wholeObject"]!.GetValue<string>());
        Assert.Equal("stop", report["finishReason"]!.GetValue<string>());
        Assert.Equal(report["contentChunks"]!.GetValue<int>(), report["streamedUsage"]!["completion_tokens"]!.GetValue<int>());

        Assert.StartsWith("audio/pcm", report["speechContentType"]!.GetValue<string>());
        Assert.True(report["speechBytes"]!.GetValue<int>() > 24_000);
        Assert.Equal(2, report["transcriptSegments"]!.GetValue<int>());
        Assert.Equal(2, report["transcript"]!.GetValue<string>().Count(c => c == '.'));
        Assert.True(report["transcriptDuration"]!.GetValue<double>() > 1);

        Assert.Equal("InternalServerError", report["injectedError"]!["name"]!.GetValue<string>());
        Assert.Equal(503, report["injectedError"]!["status"]!.GetValue<int>());
        Assert.Equal("injected_error", report["injectedError"]!["code"]!.GetValue<string>());
        Assert.Equal("AuthenticationError", report["wrongKey"]!["name"]!.GetValue<string>());
        Assert.Equal(401, report["wrongKey"]!["status"]!.GetValue<int>());

        // Leaving the interrupted stream early made the server stop that answer.
        await recorder.WaitForOutcomeAsync("llm", "cancelled", TimeSpan.FromSeconds(10));
    }
}
