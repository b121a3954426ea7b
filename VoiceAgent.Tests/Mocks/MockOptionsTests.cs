using Microsoft.Extensions.Options;

namespace VoiceAgent.Tests.Mocks;

public sealed class MockOptionsTests
{
    [Theory]
    [InlineData("Mocks:Llm:ErrorRate", "2")]
    [InlineData("Mocks:Tts:RealTimeFactor", "-1")]
    [InlineData("Mocks:Asr:ErrorStatusCode", "200")]
    [InlineData("Mocks:Llm:AnswerSentences", "0")]
    [InlineData("Mocks:Tts:ChunkMs", "1")]
    public async Task NonsensicalKnobsStopTheServerAtStartNamingTheKey(string key, string value)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => MockModelsServer.StartAsync(new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(key, error.Message);
    }

    [Fact]
    public async Task AnUnknownEngineStopsTheServerAtStart()
    {
        await Assert.ThrowsAnyAsync<InvalidOperationException>(
            () => MockModelsServer.StartAsync(new Dictionary<string, string?> { ["Mocks:Tts:Engine"] = "festival" }));
    }
}
