using System.Diagnostics;
using VoiceAgent.Mocks;

namespace VoiceAgent.Tests.Mocks;

/// <summary>A caller that hangs up (barge-in) must stop the mock's generation at once, as a real model server does.</summary>
public sealed class CancellationTests : MockModelsServerTest
{
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(10);

    private MockRequestRecorder _recorder = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _recorder = new MockRequestRecorder(Server);
    }

    public override async Task DisposeAsync()
    {
        _recorder.Dispose();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task ClosingAStreamedAnswerStopsTheLanguageModel()
    {
        // About 600 tokens at 20 per second: half a minute, if nothing stopped it.
        using var request = MockRequests.UserSays("Tell me a long story")
            .With((MockHeaders.AnswerSentences, "60"), (MockHeaders.TokensPerSecond, "20"));
        var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(MockRequests.Timeout);
        var stream = await response.Content.ReadAsStreamAsync();
        Assert.True(await stream.ReadAsync(new byte[64]) > 0);
        var clock = Stopwatch.StartNew();

        response.Dispose();

        await _recorder.WaitForOutcomeAsync("llm", "cancelled", Prompt);
        Assert.True(clock.Elapsed < Prompt);
        Assert.DoesNotContain(("llm", "completed"), _recorder.Outcomes);
    }

    [Fact]
    public async Task ClosingStreamedSpeechStopsTheSynthesizer()
    {
        // About four minutes of audio at playback speed.
        using var request = MockRequests.Speech(string.Join(' ', Enumerable.Repeat("Once upon a time.", 200)))
            .With((MockHeaders.TtsEngine, "tone"), (MockHeaders.RealTimeFactor, "1"));
        var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(MockRequests.Timeout);
        var stream = await response.Content.ReadAsStreamAsync();
        Assert.True(await stream.ReadAsync(new byte[4096]) > 0);

        response.Dispose();

        await _recorder.WaitForOutcomeAsync("tts", "cancelled", Prompt);
        Assert.DoesNotContain(("tts", "completed"), _recorder.Outcomes);
    }

    [Fact]
    public async Task CancellingWhileWaitingForTheFirstTokenStopsTheRequest()
    {
        using var request = MockRequests.UserSays("Hello").With((MockHeaders.TimeToFirstTokenMs, "60000"));
        using var cts = new CancellationTokenSource();
        var sending = Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        await _recorder.WaitForActiveAsync("llm", Prompt);

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending.WaitAsync(MockRequests.Timeout));
        await _recorder.WaitForOutcomeAsync("llm", "cancelled", Prompt);
    }

    [Fact]
    public async Task CancellingAPendingTranscriptionStopsIt()
    {
        using var request = MockRequests.Transcription(TestAudio.Wav(TestAudio.Tone(440, 0.6))).With((MockHeaders.LatencyMs, "60000"));
        using var cts = new CancellationTokenSource();
        var sending = Client.SendAsync(request, cts.Token);
        await _recorder.WaitForActiveAsync("asr", Prompt);

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending.WaitAsync(MockRequests.Timeout));
        await _recorder.WaitForOutcomeAsync("asr", "cancelled", Prompt);
    }
}
