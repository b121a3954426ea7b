using System.Net;
using VoiceAgent.Mocks;

namespace VoiceAgent.Tests.Mocks;

public sealed class SpeechEngineTests : MockModelsServerTest
{
    [Fact]
    public async Task AskingForEspeakWhenItIsMissingGivesAClearError()
    {
        await using var server = await MockModelsServer.StartAsync(new Dictionary<string, string?> { ["Mocks:Tts:EspeakPath"] = "/nonexistent/espeak-ng" });
        using var client = server.CreateClient();

        using var response = await client.SendAsync(MockRequests.Speech("Hello.").With((MockHeaders.TtsEngine, "espeak"))).WaitAsync(MockRequests.Timeout);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var error = await MockRequests.ErrorBodyAsync(response);
        Assert.Contains("not installed", error["message"]!.GetValue<string>());
        Assert.Equal("engine_unavailable", error["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheAutomaticEngineFallsBackToTonesWithoutEspeak()
    {
        await using var server = await MockModelsServer.StartAsync(new Dictionary<string, string?> { ["Mocks:Tts:EspeakPath"] = "/nonexistent/espeak-ng" });
        using var client = server.CreateClient();

        var automatic = await SpeakAsync(client, "Hello there.", "auto");
        var tone = await SpeakAsync(client, "Hello there.", "tone");

        Assert.Equal(tone, automatic);
    }

    [Fact]
    public async Task AnUnknownEngineIsRejectedByName()
    {
        using var response = await Client.SendAsync(MockRequests.Speech("Hello.").With((MockHeaders.TtsEngine, "festival"))).WaitAsync(MockRequests.Timeout);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(MockHeaders.TtsEngine, (await MockRequests.ErrorBodyAsync(response))["param"]!.GetValue<string>());
    }

    [EspeakFact]
    public async Task EspeakSpeaksRealSpeechWhoseLengthFollowsTheText()
    {
        var shortSpeech = await SpeakAsync(Client, "Yes.", "espeak");
        var longSpeech = await SpeakAsync(Client, "Yes, I can book a table for seven people at eight o'clock tonight.", "espeak");

        Assert.True(longSpeech.Length > 3 * shortSpeech.Length);
        Assert.True(TestAudio.RmsDbfs(TestAudio.FromPcm16(longSpeech)) > -35);
        Assert.NotEqual(await SpeakAsync(Client, "Yes, I can book a table for seven people at eight o'clock tonight.", "tone"), longSpeech);
    }

    [EspeakFact]
    public async Task EspeakSpeechIsDeterministicAndUsedAutomatically()
    {
        var first = await SpeakAsync(Client, "Good morning. See you soon.", "espeak");
        var second = await SpeakAsync(Client, "Good morning. See you soon.", "espeak");
        var automatic = await SpeakAsync(Client, "Good morning. See you soon.", "auto");

        Assert.Equal(first, second);
        Assert.Equal(first, automatic);
    }

    [EspeakFact]
    public async Task TheMockRecognizerHearsWordsInEspeakSpeech()
    {
        var speech = await SpeakAsync(Client, "Please remind me to call the doctor tomorrow morning.", "espeak");

        var transcript = await MockRequests.TranscribeAsync(Client, TestAudio.Wav(TestAudio.FromPcm16(speech)));

        Assert.InRange(transcript.Split(' ').Length, 3, 20);
    }

    [EspeakFact]
    public async Task TheSpeedKnobMakesEspeakFaster()
    {
        var normal = await SpeakAsync(Client, "Please remind me to call the doctor tomorrow morning.", "espeak");
        using var response = await Client.SendAsync(
                MockRequests.Speech("Please remind me to call the doctor tomorrow morning.", speed: 2).With((MockHeaders.TtsEngine, "espeak")))
            .WaitAsync(MockRequests.Timeout);
        var fast = await response.Content.ReadAsByteArrayAsync();

        Assert.InRange(fast.Length, normal.Length / 3, normal.Length * 3 / 4);
    }

    private static async Task<byte[]> SpeakAsync(HttpClient client, string text, string engine)
    {
        using var response = await client.SendAsync(MockRequests.Speech(text).With((MockHeaders.TtsEngine, engine))).WaitAsync(MockRequests.Timeout);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }
}
