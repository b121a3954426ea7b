using System.Diagnostics;
using System.Net;
using VoiceAgent.Mocks;

namespace VoiceAgent.Tests.Mocks;

public sealed class FaultInjectionTests : MockModelsServerTest
{
    public static TheoryData<string, int> ModelsAndStatuses => new()
    {
        { "asr", 500 }, { "llm", 500 }, { "tts", 500 },
        { "asr", 503 }, { "llm", 503 }, { "tts", 503 },
    };

    [Theory]
    [MemberData(nameof(ModelsAndStatuses))]
    public async Task ErrorRateOneFailsEveryModelWithTheOpenAIErrorShape(string model, int status)
    {
        using var response = await Client.SendAsync(
                Request(model).With((MockHeaders.ErrorRate, "1"), (MockHeaders.ErrorStatus, status.ToString(System.Globalization.CultureInfo.InvariantCulture))))
            .WaitAsync(MockRequests.Timeout);

        Assert.Equal((HttpStatusCode)status, response.StatusCode);
        var error = await MockRequests.ErrorBodyAsync(response);
        Assert.Equal("server_error", error["type"]!.GetValue<string>());
        Assert.Equal("injected_error", error["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnInjectedRateLimitLooksLikeOpenAIs()
    {
        using var response = await Client.SendAsync(Request("llm").With((MockHeaders.ErrorRate, "1"), (MockHeaders.ErrorStatus, "429")))
            .WaitAsync(MockRequests.Timeout);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        var error = await MockRequests.ErrorBodyAsync(response);
        Assert.Equal("rate_limit_exceeded", error["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task ErrorDrawsAreReproducibleForTheSameSeedAndRequestIds()
    {
        var settings = new Dictionary<string, string?> { ["Mocks:Llm:ErrorRate"] = "0.5", ["Mocks:Seed"] = "7" };
        await using var again = await MockModelsServer.StartAsync(settings);
        await using var otherSeed = await MockModelsServer.StartAsync(new Dictionary<string, string?>(settings) { ["Mocks:Seed"] = "8" });
        await using var first = await MockModelsServer.StartAsync(settings);

        var failures = await FailingRequestIdsAsync(first);

        Assert.InRange(failures.Count, 10, 30);
        Assert.Equal(failures, await FailingRequestIdsAsync(again));
        Assert.NotEqual(failures, await FailingRequestIdsAsync(otherSeed));
    }

    [Fact]
    public async Task WithoutRequestIdsTheArrivalOrderDecides()
    {
        var settings = new Dictionary<string, string?> { ["Mocks:Tts:ErrorRate"] = "0.5" };
        await using var first = await MockModelsServer.StartAsync(settings);
        await using var second = await MockModelsServer.StartAsync(settings);

        var firstPattern = await StatusPatternAsync(first);
        var secondPattern = await StatusPatternAsync(second);

        Assert.Contains('5', firstPattern);
        Assert.Contains('2', firstPattern);
        Assert.Equal(firstPattern, secondPattern);
    }

    [Fact]
    public async Task AChatStallPausesTheStreamHalfWay()
    {
        var clock = Stopwatch.StartNew();
        using var response = await Client.SendAsync(
                MockRequests.UserSays("Hello").With((MockHeaders.StallMs, "800")), HttpCompletionOption.ResponseHeadersRead)
            .WaitAsync(MockRequests.Timeout);
        var deltas = MockRequests.ContentDeltas(await MockRequests.ReadEventsAsync(response, clock));

        // The server pauses 800 ms; the client may read the tokens before the pause a little late, so the gap
        // it sees can be a little shorter, but the whole answer cannot arrive sooner.
        var gaps = deltas.Zip(deltas.Skip(1), (a, b) => b.At - a.At).ToList();
        var longest = gaps.IndexOf(gaps.Max());
        Assert.True(gaps[longest] >= TimeSpan.FromMilliseconds(600), $"longest gap {gaps[longest].TotalMilliseconds} ms");
        Assert.True(deltas[^1].At >= TimeSpan.FromMilliseconds(800));
        Assert.InRange(longest, 1, deltas.Count - 3);
    }

    [Fact]
    public async Task ASpeechStallPausesTheAudioHalfWay()
    {
        var clock = Stopwatch.StartNew();
        using var response = await Client.SendAsync(
                MockRequests.Speech("A few words that give about two seconds of audio.").With((MockHeaders.TtsEngine, "tone"), (MockHeaders.StallMs, "800")),
                HttpCompletionOption.ResponseHeadersRead)
            .WaitAsync(MockRequests.Timeout);

        var (body, _, lastByte, longestGap) = await MockRequests.ReadTimedAsync(response, clock);

        Assert.True(body.Length > 24_000 * 2);
        Assert.True(longestGap >= TimeSpan.FromMilliseconds(600), $"longest gap {longestGap.TotalMilliseconds} ms");
        Assert.True(lastByte >= TimeSpan.FromMilliseconds(800));
    }

    [Fact]
    public async Task ATranscriptionStallDelaysTheTranscript()
    {
        var clock = Stopwatch.StartNew();

        var text = await MockRequests.TranscribeAsync(Client, TestAudio.Wav(TestAudio.Tone(440, 0.6)), (MockHeaders.StallMs, "700"));

        Assert.NotEmpty(text);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(700));
    }

    [Fact]
    public async Task TheStallProbabilityCanRuleTheStallOut()
    {
        var clock = Stopwatch.StartNew();

        await MockRequests.TranscribeAsync(
            Client, TestAudio.Wav(TestAudio.Tone(440, 0.6)), (MockHeaders.StallMs, "30000"), (MockHeaders.StallProbability, "0"));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30));
    }

    private static HttpRequestMessage Request(string model) => model switch
    {
        "asr" => MockRequests.Transcription(TestAudio.Wav(TestAudio.Tone(440, 0.5))),
        "llm" => MockRequests.UserSays("Hello"),
        _ => MockRequests.Speech("Hello."),
    };

    private static async Task<List<string>> FailingRequestIdsAsync(MockModelsServer server)
    {
        using var client = server.CreateClient();
        var failing = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            var id = $"request-{i}";
            using var response = await client.SendAsync(MockRequests.UserSays("Hello", stream: false).With((MockHeaders.RequestId, id)))
                .WaitAsync(MockRequests.Timeout);
            Assert.Equal(id, response.Headers.GetValues(MockHeaders.RequestId).Single());
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
                failing.Add(id);
            }
        }

        return failing;
    }

    private static async Task<string> StatusPatternAsync(MockModelsServer server)
    {
        using var client = server.CreateClient();
        var pattern = new System.Text.StringBuilder();
        for (var i = 0; i < 20; i++)
        {
            using var response = await client.SendAsync(MockRequests.Speech("Hi.").With((MockHeaders.TtsEngine, "tone"))).WaitAsync(MockRequests.Timeout);
            pattern.Append(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)[0]);
        }

        return pattern.ToString();
    }
}
