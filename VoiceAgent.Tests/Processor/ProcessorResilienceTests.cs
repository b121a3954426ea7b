using System.Diagnostics;
using VoiceAgent.Realtime.Sessions;
using VoiceAgent.Tests.Mocks;
using VoiceAgent.Tests.Processor.Infrastructure;

namespace VoiceAgent.Tests.Processor;

/// <summary>Failing and slow providers: the client gets an error and a failed response, and the session goes on.</summary>
public sealed class ProcessorResilienceTests(ProcessorEnvironment environment) : IClassFixture<ProcessorEnvironment>
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(60);

    /// <summary>Manual turns answered in text: no audio pacing, so provider timing alone decides.</summary>
    private static SessionConfig ManualText => SessionConfig.Default with
    {
        OutputModalities = [Modalities.Text],
        Audio = new SessionAudioConfig { Input = new AudioInputConfig { TurnDetection = null } },
    };

    /// <summary>A manual-turn text session through a new test gateway, with one second of speech committed.</summary>
    private async Task<TestSession> OpenSessionWithCommittedSpeechAsync()
    {
        var gateway = await environment.StartGatewayAsync();
        var session = await gateway.OpenSessionAsync(ManualText);
        await session.SendAudioAsync(TestSpeech.Speech(1.0));
        await session.SendEventAsync("""{"type":"input_audio_buffer.commit"}""");
        return session;
    }

    [Fact]
    public async Task AFailingLlmYieldsAnErrorAndAFailedResponseAndTheSessionGoesOn()
    {
        var mocks = await environment.StartMocksAsync(new Dictionary<string, string?> { ["Mocks:Llm:ErrorRate"] = "1" });
        using var recorder = new MockRequestRecorder(mocks);
        await using var processor = await environment.StartProcessorAsync(
            new Dictionary<string, string?> { ["VoiceAgent:Providers:Llm:RetryDelay"] = "00:00:00.050" },
            mocks: mocks);
        var session = await OpenSessionWithCommittedSpeechAsync();
        await session.SendEventAsync("""{"type":"response.create"}""");

        var (done, before) = await session.WaitForAsync("response.done", Long);
        Assert.Equal("failed", done.Response.GetProperty("status").GetString());
        Assert.Equal("provider_error", done.Response.GetProperty("status_details").GetProperty("error").GetProperty("code").GetString());
        var error = Assert.Single(before, e => e.Type == "error").Json.GetProperty("error");
        Assert.Equal("server_error", error.GetProperty("type").GetString());
        Assert.Equal("provider_error", error.GetProperty("code").GetString());

        // A 500 is transient: the first attempt and both retries were made, all before any byte of an answer.
        Assert.Equal(3, recorder.Outcomes.Count(o => o == ("llm", "injected")));

        // The provider recovers; the same session is answered, and the failed answer left nothing in the history.
        MockKnobs.Set(mocks, "Mocks:Llm:ErrorRate", "0");
        await session.SendEventAsync("""{"type":"response.create"}""");
        var (next, _) = await session.WaitForAsync("response.done", Long);
        Assert.Equal("completed", next.Response.GetProperty("status").GetString());
        var text = next.Response.GetProperty("output")[0].GetProperty("content")[0].GetProperty("text").GetString();
        Assert.Contains("This is turn 1 of our conversation.", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFailingAsrFailsTheTranscriptionAndItsResponseAndTheNextUtteranceIsAnswered()
    {
        var mocks = await environment.StartMocksAsync(new Dictionary<string, string?> { ["Mocks:Asr:ErrorRate"] = "1", ["Mocks:Asr:ErrorStatusCode"] = "400" });
        await using var processor = await environment.StartProcessorAsync(mocks: mocks);
        var session = await OpenSessionWithCommittedSpeechAsync();
        await session.SendEventAsync("""{"type":"response.create"}""");

        var (failed, _) = await session.WaitForAsync("conversation.item.input_audio_transcription.failed", Long);
        Assert.Equal("provider_error", failed.Json.GetProperty("error").GetProperty("code").GetString());
        var (done, _) = await session.WaitForAsync("response.done", Long);
        Assert.Equal("failed", done.Response.GetProperty("status").GetString());

        MockKnobs.Set(mocks, "Mocks:Asr:ErrorRate", "0");
        await session.SendAudioAsync(TestSpeech.Speech(0.9, hz: 550));
        await session.SendEventAsync("""{"type":"input_audio_buffer.commit"}""");
        await session.SendEventAsync("""{"type":"response.create"}""");
        var (transcribed, _) = await session.WaitForAsync("conversation.item.input_audio_transcription.completed", Long);
        Assert.False(string.IsNullOrEmpty(transcribed.String("transcript")));
        var (next, _) = await session.WaitForAsync("response.done", Long);
        Assert.Equal("completed", next.Response.GetProperty("status").GetString());
        var text = next.Response.GetProperty("output")[0].GetProperty("content")[0].GetProperty("text").GetString();
        Assert.StartsWith("You said", text, StringComparison.Ordinal);

        // The utterance that could not be transcribed is not part of the conversation the LLM sees.
        Assert.Contains("This is turn 1 of our conversation.", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheLlmCircuitOpensAfterRepeatedFailuresAndFailsTheNextResponseWithoutCallingIt()
    {
        var mocks = await environment.StartMocksAsync(new Dictionary<string, string?> { ["Mocks:Llm:ErrorRate"] = "1" });
        using var recorder = new MockRequestRecorder(mocks);
        await using var processor = await environment.StartProcessorAsync(
            new Dictionary<string, string?>
            {
                ["VoiceAgent:Providers:Llm:MaxRetries"] = "0",
                ["VoiceAgent:Providers:Llm:BreakerMinimumThroughput"] = "2",
                ["VoiceAgent:Providers:Llm:BreakerBreakDuration"] = "00:00:30",
            },
            mocks: mocks);
        var session = await OpenSessionWithCommittedSpeechAsync();

        var codes = new List<string?>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await session.SendEventAsync("""{"type":"response.create"}""");
            var (done, before) = await session.WaitForAsync("response.done", Long);
            Assert.Equal("failed", done.Response.GetProperty("status").GetString());
            codes.Add(before.Single(e => e.Type == "error").Json.GetProperty("error").GetProperty("code").GetString());
        }

        // Two calls failed (one each: no retries), which opened the circuit; the third response never reached the LLM.
        Assert.Equal(["provider_error", "provider_error", "provider_unavailable"], codes);
        Assert.Equal(2, recorder.Outcomes.Count(o => o.Model == "llm"));
    }

    [Fact]
    public async Task AnLlmOverItsTimeToFirstTokenBudgetIsTriedAgainThenFailsAsATimeout()
    {
        var mocks = await environment.StartMocksAsync(new Dictionary<string, string?> { ["Mocks:Llm:TimeToFirstTokenMs"] = "20000" });
        using var recorder = new MockRequestRecorder(mocks);
        await using var processor = await environment.StartProcessorAsync(
            new Dictionary<string, string?>
            {
                ["VoiceAgent:Providers:Llm:FirstByteTimeout"] = "00:00:00.500",
                ["VoiceAgent:Providers:Llm:StreamRetries"] = "1",
            },
            mocks: mocks);
        var session = await OpenSessionWithCommittedSpeechAsync();
        await session.SendEventAsync("""{"type":"response.create"}""");

        var (created, _) = await session.WaitForAsync("response.created", Long);
        var (done, before) = await session.WaitForAsync("response.done", Long);
        var elapsed = done.ReceivedAt - created.ReceivedAt;
        Assert.Equal("failed", done.Response.GetProperty("status").GetString());
        Assert.Equal("provider_timeout", Assert.Single(before, e => e.Type == "error").Json.GetProperty("error").GetProperty("code").GetString());
        Assert.True(elapsed < TimeSpan.FromSeconds(8), $"the budget of 2 x 500 ms took {elapsed}");

        // Two attempts, each abandoned at its budget (the mock sees the caller go away).
        await Waiting.UntilAsync(() => recorder.Outcomes.Count(o => o.Model == "llm") >= 2, TimeSpan.FromSeconds(30), "both LLM attempts ended");
        Assert.Equal([("llm", "cancelled"), ("llm", "cancelled")], recorder.Outcomes.Where(o => o.Model == "llm"));
    }

    [Fact]
    public async Task AnLlmStreamThatStallsAfterItsFirstTokensIsNotTriedAgain()
    {
        var mocks = await environment.StartMocksAsync(new Dictionary<string, string?> { ["Mocks:Llm:AnswerSentences"] = "6" });
        using var recorder = new MockRequestRecorder(mocks);
        await using var processor = await environment.StartProcessorAsync(
            new Dictionary<string, string?>
            {
                ["VoiceAgent:Providers:Llm:Headers:x-mock-stall-ms"] = "20000",
                ["VoiceAgent:Providers:Llm:StreamIdleTimeout"] = "00:00:00.500",
                ["VoiceAgent:Providers:Llm:StreamRetries"] = "2",
            },
            mocks: mocks);
        var session = await OpenSessionWithCommittedSpeechAsync();
        var clock = Stopwatch.StartNew();
        await session.SendEventAsync("""{"type":"response.create"}""");

        var (done, before) = await session.WaitForAsync("response.done", Long);
        Assert.Equal("failed", done.Response.GetProperty("status").GetString());
        var code = Assert.Single(before, e => e.Type == "error").Json.GetProperty("error").GetProperty("code").GetString();
        Assert.Contains(code, new[] { "provider_timeout", "provider_stream_broken" });
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"the stalled stream was given up after {clock.Elapsed}");

        // The first half of the answer went out before the stall, and the stream was not started over.
        Assert.Contains(before, e => e.Type == "response.output_text.delta");
        await Waiting.UntilAsync(() => recorder.Outcomes.Any(o => o.Model == "llm"), TimeSpan.FromSeconds(30), "the LLM request ended");
        Assert.Equal([("llm", "cancelled")], recorder.Outcomes.Where(o => o.Model == "llm"));
    }
}
