using System.Net;
using System.Text.Json.Nodes;
using static VoiceAgent.Tests.Mocks.TestAudio;

namespace VoiceAgent.Tests.Mocks;

public sealed class TranscriptionsApiTests : MockModelsServerTest
{
    [Fact]
    public async Task TheSameAudioGivesTheSameTranscript()
    {
        var wav = Wav(Concat(Silence(0.2), Tone(440, 1.2), Silence(0.2)));

        var first = await MockRequests.TranscribeAsync(Client, wav);
        var second = await MockRequests.TranscribeAsync(Client, wav);

        Assert.NotEmpty(first);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task DifferentAudioGivesADifferentTranscript()
    {
        var low = await MockRequests.TranscribeAsync(Client, Wav(Tone(440, 1.2)));
        var high = await MockRequests.TranscribeAsync(Client, Wav(Tone(880, 1.2)));
        var quiet = await MockRequests.TranscribeAsync(Client, Wav(Tone(440, 1.2, amplitude: 0.05)));

        Assert.NotEqual(low, high);
        Assert.NotEqual(low, quiet);
        Assert.Equal(WordCount(low), WordCount(high));
    }

    [Fact]
    public async Task SilenceGivesAnEmptyTranscript()
    {
        Assert.Equal("", await MockRequests.TranscribeAsync(Client, Wav(Silence(1.5))));

        // Background hiss at -60 dBFS is not speech either, nor is a 100 ms click.
        Assert.Equal("", await MockRequests.TranscribeAsync(Client, Wav(Tone(3000, 1.5, amplitude: 0.001))));
        Assert.Equal("", await MockRequests.TranscribeAsync(Client, Wav(Concat(Silence(0.5), Tone(440, 0.1), Silence(0.5)))));
    }

    [Theory]
    [InlineData(0.6, 2)]
    [InlineData(1.5, 5)]
    [InlineData(3.0, 10)]
    public async Task TheWordCountFollowsTheVoicedDuration(double voicedSeconds, int expectedWords)
    {
        var wav = Wav(Concat(Silence(0.5), Tone(523, voicedSeconds), Silence(0.5)));

        var text = await MockRequests.TranscribeAsync(Client, wav);

        Assert.Equal(expectedWords, WordCount(text));
    }

    [Fact]
    public async Task PausesSplitTheTranscriptIntoTimedSentences()
    {
        var wav = Wav(Concat(Tone(440, 0.9), Silence(0.5), Tone(660, 0.9), Silence(0.3)));
        using var request = MockRequests.Transcription(wav, responseFormat: "verbose_json");

        using var response = await Client.SendAsync(request).WaitAsync(MockRequests.Timeout);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("transcribe", body["task"]!.GetValue<string>());
        Assert.Equal(2.6, body["duration"]!.GetValue<double>(), precision: 2);
        var segments = body["segments"]!.AsArray();
        Assert.Equal(2, segments.Count);
        Assert.Equal(0.0, segments[0]!["start"]!.GetValue<double>(), precision: 2);
        Assert.Equal(0.9, segments[0]!["end"]!.GetValue<double>(), precision: 2);
        Assert.Equal(1.4, segments[1]!["start"]!.GetValue<double>(), precision: 2);
        Assert.Equal(2.3, segments[1]!["end"]!.GetValue<double>(), precision: 2);
        var text = body["text"]!.GetValue<string>();
        Assert.Equal($"{segments[0]!["text"]} {segments[1]!["text"]}", text);
        Assert.All(segments, s => Assert.Matches(@"^[A-Z][a-z]+( [a-z]+)*\.$", s!["text"]!.GetValue<string>()));
    }

    [Fact]
    public async Task TextFormatAnswersWithThePlainTranscript()
    {
        var wav = Wav(Tone(440, 1.2));
        var json = await MockRequests.TranscribeAsync(Client, wav);
        using var request = MockRequests.Transcription(wav, responseFormat: "text");

        using var response = await Client.SendAsync(request).WaitAsync(MockRequests.Timeout);

        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(json, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RawPcmWithASampleRateIsHeardLikeTheSameWav()
    {
        var samples = Concat(Tone(440, 0.6, sampleRate: 16_000), Tone(700, 0.6, sampleRate: 16_000));
        var fromWav = await MockRequests.TranscribeAsync(Client, Wav(samples, sampleRate: 16_000));
        using var request = MockRequests.Transcription(Pcm16(samples), fileName: "audio.pcm", sampleRate: 16_000);

        using var response = await Client.SendAsync(request).WaitAsync(MockRequests.Timeout);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(fromWav);
        Assert.Equal(fromWav, body["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheSameSoundIsHeardAlikeAtAnySampleRateAndChannelCount()
    {
        var at24k = await MockRequests.TranscribeAsync(Client, Wav(Concat(Tone(440, 0.9), Silence(0.4), Tone(880, 0.6))));
        var at16k = await MockRequests.TranscribeAsync(
            Client, Wav(Concat(Tone(440, 0.9, sampleRate: 16_000), Silence(0.4, 16_000), Tone(880, 0.6, sampleRate: 16_000)), sampleRate: 16_000));
        var stereoAt48k = await MockRequests.TranscribeAsync(
            Client, Wav(Concat(Tone(440, 0.9, sampleRate: 48_000), Silence(0.4, 48_000), Tone(880, 0.6, sampleRate: 48_000)), sampleRate: 48_000, channels: 2));

        Assert.Equal(at24k, at16k);
        Assert.Equal(at24k, stereoAt48k);
    }

    [Fact]
    public async Task AudioThatIsNeitherWavNorDescribedRawPcmIsRejected()
    {
        using var request = MockRequests.Transcription("this is not audio"u8.ToArray(), fileName: "notes.txt");

        using var response = await Client.SendAsync(request).WaitAsync(MockRequests.Timeout);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await MockRequests.ErrorBodyAsync(response);
        Assert.Equal("invalid_request_error", error["type"]!.GetValue<string>());
        Assert.Equal("sample_rate", error["param"]!.GetValue<string>());
    }

    [Fact]
    public async Task EightBitWavIsRejectedWithAReason()
    {
        using var request = MockRequests.Transcription(Wav(Tone(440, 0.5), bitsPerSample: 8));

        using var response = await Client.SendAsync(request).WaitAsync(MockRequests.Timeout);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("16-bit", (await MockRequests.ErrorBodyAsync(response))["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("model")]
    [InlineData("response_format")]
    public async Task AMissingOrUnsupportedFieldIsRejectedByName(string field)
    {
        using var request = field == "model"
            ? MockRequests.Transcription(Wav(Tone(440, 0.5)), model: "")
            : MockRequests.Transcription(Wav(Tone(440, 0.5)), responseFormat: "srt");

        using var response = await Client.SendAsync(request).WaitAsync(MockRequests.Timeout);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (await MockRequests.ErrorBodyAsync(response))["param"]!.GetValue<string>());
    }

    [Fact]
    public async Task ARequestWithoutAFileIsRejected()
    {
        using var form = new MultipartFormDataContent { { new StringContent("whisper-1"), "model" } };

        using var response = await Client.PostAsync("audio/transcriptions", form).WaitAsync(MockRequests.Timeout);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("file", (await MockRequests.ErrorBodyAsync(response))["param"]!.GetValue<string>());
    }

    private static int WordCount(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
}
