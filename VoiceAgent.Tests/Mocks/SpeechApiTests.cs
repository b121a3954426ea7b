using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using VoiceAgent.Mocks;

namespace VoiceAgent.Tests.Mocks;

public sealed class SpeechApiTests : MockModelsServerTest
{
    private const int BytesPerSecond = 24_000 * 2;
    private static readonly (string, string) ToneEngine = (MockHeaders.TtsEngine, "tone");

    [Theory]
    [InlineData("Hello.")]
    [InlineData("Hello there, how are you doing today?")]
    [InlineData("Turn left at the second street. Then walk for five minutes! Is that clear?")]
    public async Task TheToneAudioLastsSixtyMillisecondsPerCharacterPlusPauses(string text)
    {
        var pcm = await SpeakAsync(text);

        // The documented rule: 60 ms per character, 150 ms for , ; : and 300 ms for . ! ?
        var expectedMs = text.Sum(c => c switch { ',' or ';' or ':' => 150, '.' or '!' or '?' => 300, _ => 60 });
        Assert.Equal(expectedMs * BytesPerSecond / 1000.0, pcm.Length, tolerance: 2.0 * text.Length);
    }

    [Fact]
    public async Task LongerTextGivesLongerAudio()
    {
        var shortAudio = await SpeakAsync("Yes.");
        var longAudio = await SpeakAsync("Yes, I can book that table for seven people tonight.");

        Assert.True(longAudio.Length > 4 * shortAudio.Length);
    }

    [Fact]
    public async Task TheSameTextGivesTheSameAudio()
    {
        var first = await SpeakAsync("Good morning.");
        var second = await SpeakAsync("Good morning.");
        var other = await SpeakAsync("Good evening.");

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public async Task TheAudioIsAudibleSpeechThatTheMockRecognizerHearsSentenceBySentence()
    {
        var pcm = await SpeakAsync("Good morning. See you at the station soon.");

        Assert.True(TestAudio.RmsDbfs(TestAudio.FromPcm16(pcm)) > -25);
        var transcript = await MockRequests.TranscribeAsync(Client, TestAudio.Wav(TestAudio.FromPcm16(pcm)));
        Assert.Equal(2, transcript.Count(c => c == '.'));
    }

    [Fact]
    public async Task WavHasAHeaderFor24kHzMonoPcm16AndTheSameSamples()
    {
        var pcm = await SpeakAsync("Hello there.");
        using var response = await Client.SendAsync(MockRequests.Speech("Hello there.", responseFormat: "wav").With(ToneEngine))
            .WaitAsync(MockRequests.Timeout);
        var wav = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("audio/wav", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(wav, 0, 4));
        Assert.Equal("WAVE", System.Text.Encoding.ASCII.GetString(wav, 8, 4));
        Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(20)));
        Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(22)));
        Assert.Equal(24_000, BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(24)));
        Assert.Equal(16, BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(34)));
        Assert.Equal(pcm.Length, BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(40)));
        Assert.Equal(pcm, wav[44..]);
    }

    [Fact]
    public async Task SpeedShortensTheAudio()
    {
        var normal = await SpeakAsync("Please wait while I check that for you.");
        using var response = await Client.SendAsync(MockRequests.Speech("Please wait while I check that for you.", speed: 2).With(ToneEngine))
            .WaitAsync(MockRequests.Timeout);
        var fast = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(normal.Length / 2.0, fast.Length, tolerance: 200);
    }

    [Fact]
    public async Task TheFirstBytesArriveLongBeforeTheWholeAnswerAtRealTimeFactorOne()
    {
        var text = "This sentence takes a little more than three seconds to say.";
        var clock = Stopwatch.StartNew();
        using var response = await Client.SendAsync(
                MockRequests.Speech(text).With(ToneEngine, (MockHeaders.RealTimeFactor, "1")), HttpCompletionOption.ResponseHeadersRead)
            .WaitAsync(MockRequests.Timeout);

        var (body, firstByte, lastByte, _) = await MockRequests.ReadTimedAsync(response, clock);

        var duration = TimeSpan.FromSeconds((double)body.Length / BytesPerSecond);
        Assert.True(duration > TimeSpan.FromSeconds(3));
        Assert.True(firstByte < lastByte - TimeSpan.FromSeconds(2), $"first byte at {firstByte}, last at {lastByte}");

        // At real-time factor 1 the last chunk (40 ms) is due when all audio before it has played.
        Assert.True(lastByte >= duration - TimeSpan.FromMilliseconds(40), $"{duration} of audio arrived in {lastByte}");
    }

    [Fact]
    public async Task TheRealTimeFactorScalesThePace()
    {
        var text = "Two seconds of speech, more or less.";
        var clock = Stopwatch.StartNew();
        using var response = await Client.SendAsync(
                MockRequests.Speech(text).With(ToneEngine, (MockHeaders.RealTimeFactor, "0.5")), HttpCompletionOption.ResponseHeadersRead)
            .WaitAsync(MockRequests.Timeout);

        var (body, _, lastByte, _) = await MockRequests.ReadTimedAsync(response, clock);

        var duration = TimeSpan.FromSeconds((double)body.Length / BytesPerSecond);
        Assert.True(lastByte >= (duration - TimeSpan.FromMilliseconds(40)) * 0.5, $"{duration} of audio arrived in {lastByte}");
    }

    [Fact]
    public async Task TheTimeToFirstByteKnobDelaysTheAudio()
    {
        var clock = Stopwatch.StartNew();
        using var response = await Client.SendAsync(
                MockRequests.Speech("Hello.").With(ToneEngine, (MockHeaders.TimeToFirstByteMs, "500")), HttpCompletionOption.ResponseHeadersRead)
            .WaitAsync(MockRequests.Timeout);

        var (_, firstByte, _, _) = await MockRequests.ReadTimedAsync(response, clock);

        Assert.True(firstByte >= TimeSpan.FromMilliseconds(500), $"first byte after {firstByte.TotalMilliseconds} ms");
    }

    [Theory]
    [InlineData("{\"model\":\"tts-1\",\"input\":\"\",\"voice\":\"alloy\"}", "input")]
    [InlineData("{\"model\":\"tts-1\",\"voice\":\"alloy\"}", "input")]
    [InlineData("{\"input\":\"Hi\",\"voice\":\"alloy\"}", "model")]
    [InlineData("{\"model\":\"tts-1\",\"input\":\"Hi\"}", "voice")]
    [InlineData("{\"model\":\"tts-1\",\"input\":\"Hi\",\"voice\":\"alloy\",\"response_format\":\"mp3\"}", "response_format")]
    [InlineData("{\"model\":\"tts-1\",\"input\":\"Hi\",\"voice\":\"alloy\",\"speed\":10}", "speed")]
    [InlineData("{\"model\":\"tts-1\",\"input\":\"Hi\",\"voice\":\"alloy\",\"stream_format\":\"sse\"}", "stream_format")]
    public async Task AnUnservableRequestGetsAnOpenAIError(string body, string param)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        using var response = await Client.PostAsync("audio/speech", content).WaitAsync(MockRequests.Timeout);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(param, (await MockRequests.ErrorBodyAsync(response))["param"]!.GetValue<string>());
    }

    [Fact]
    public async Task TooLongInputIsRejected()
    {
        using var response = await Client.SendAsync(MockRequests.Speech(new string('a', 4097))).WaitAsync(MockRequests.Timeout);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("input", (await MockRequests.ErrorBodyAsync(response))["param"]!.GetValue<string>());
    }

    private async Task<byte[]> SpeakAsync(string text)
    {
        using var response = await Client.SendAsync(MockRequests.Speech(text).With(ToneEngine)).WaitAsync(MockRequests.Timeout);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("audio/pcm", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }
}
