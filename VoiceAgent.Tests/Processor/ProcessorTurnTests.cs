using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using VoiceAgent.Processor.Sessions;
using VoiceAgent.Realtime.Sessions;
using VoiceAgent.Tests.Processor.Infrastructure;
using Xunit.Abstractions;

namespace VoiceAgent.Tests.Processor;

/// <summary>Whole turns through the real processor: uplink in, events out, in order, with the mock models' answers.</summary>
public sealed class ProcessorTurnTests(ProcessorEnvironment environment, ITestOutputHelper output) : IClassFixture<ProcessorEnvironment>
{
    private const string Transcribed = "conversation.item.input_audio_transcription.completed";
    private const string TranscriptDelta = "response.output_audio_transcript.delta";

    private static readonly TimeSpan Long = TimeSpan.FromSeconds(60);

    private static SessionConfig Manual => SessionConfig.Default with
    {
        Audio = new SessionAudioConfig { Input = new AudioInputConfig { TurnDetection = null } },
    };

    private static SessionConfig Vad(TurnDetectionConfig turnDetection) => SessionConfig.Default with
    {
        Audio = new SessionAudioConfig { Input = new AudioInputConfig { TurnDetection = turnDetection } },
    };

    [Fact]
    public async Task ACommittedUtteranceIsTranscribedAndAnsweredWithTextAndAudioInOrder()
    {
        await using var processor = await environment.StartProcessorAsync();
        var gateway = await environment.StartGatewayAsync();
        var session = await gateway.OpenSessionAsync(Manual);
        var speech = TestSpeech.Speech(1.2);
        await session.SendAudioAsync(speech);
        await session.SendEventAsync("""{"type":"input_audio_buffer.commit"}""");
        await session.SendEventAsync("""{"type":"response.create"}""");

        var (done, before) = await session.WaitForAsync("response.done");
        var types = before.Select(e => e.Type).ToList();
        Assert.Equal("input_audio_buffer.committed", types[0]);
        Assert.Equal(Transcribed, types[1]);
        Assert.Equal("response.created", types[2]);
        Assert.Equal(TranscriptDelta, types[3]);
        Assert.Contains(DownlinkEvent.AudioType, types);
        Assert.Equal("completed", done.Response.GetProperty("status").GetString());

        var committed = before[0];
        var transcription = before[1];
        Assert.Equal(committed.String("item_id"), transcription.String("item_id"));
        Assert.Equal(await MockExpectations.TranscriptAsync(environment.Mocks, speech), transcription.String("transcript"));

        // Each sentence: its transcript delta, then its audio; the audio is exactly what the TTS made of it.
        var transcript = await AssertSpokenAsync(before);
        Assert.StartsWith("You said", transcript, StringComparison.Ordinal);
        Assert.Equal(transcript, OutputTranscript(done));
        Assert.All(before.Where(e => e.IsAudio), a => Assert.Equal(ResponseId(done), a.ResponseId));
        Assert.Equal(session.Received.Count, session.Delivered.Count);
    }

    [Fact]
    public async Task ServerVadDetectsTheTurnCommitsItAndAnswersWithoutAClientCommit()
    {
        await using var processor = await environment.StartProcessorAsync();
        var gateway = await environment.StartGatewayAsync();
        var session = await gateway.OpenSessionAsync(SessionConfig.Default);
        var speech = TestSpeech.Speech(1.2);
        await session.SendAudioAsync(TestSpeech.Concat(TestSpeech.Silence(0.6), speech, TestSpeech.Silence(1.0)));

        var (done, before) = await session.WaitForAsync("response.done", Long);
        var types = before.Where(e => !e.IsAudio).Select(e => e.Type).ToList();
        Assert.Equal(
            ["input_audio_buffer.speech_started", "input_audio_buffer.speech_stopped", "input_audio_buffer.committed", Transcribed, "response.created"],
            types.Take(5));
        var started = before[0];
        var stopped = before[1];
        var itemId = started.String("item_id");
        Assert.Equal(itemId, stopped.String("item_id"));
        Assert.Equal(itemId, before[2].String("item_id"));

        // Speech begins at 600 ms: the item starts the prefix padding (300 ms) earlier, and ends where the tone ends.
        Assert.InRange(started.Json.GetProperty("audio_start_ms").GetInt64(), 260, 340);
        Assert.InRange(stopped.Json.GetProperty("audio_end_ms").GetInt64(), 1760, 1840);
        Assert.Equal(await MockExpectations.TranscriptAsync(environment.Mocks, speech), before[3].String("transcript"));
        Assert.Equal("completed", done.Response.GetProperty("status").GetString());
        Assert.Equal(await AssertSpokenAsync(before), OutputTranscript(done));
    }

    [Fact]
    public async Task ServerVadHonoursThresholdAndSilenceDuration()
    {
        await using var processor = await environment.StartProcessorAsync();
        var gateway = await environment.StartGatewayAsync();

        // At threshold 0.95 (-12.5 dBFS) the -15 dBFS tone is not speech.
        var session = await gateway.OpenSessionAsync(Vad(new TurnDetectionConfig { Threshold = 0.95, SilenceDurationMs = 1200 }));
        await session.SendAudioAsync(TestSpeech.Concat(TestSpeech.Speech(0.8), TestSpeech.Silence(0.3)));
        await session.SendEventAsync("""{"type":"session.update","session":{"type":"realtime","audio":{"input":{"turn_detection":{"type":"server_vad","threshold":0.5,"silence_duration_ms":1200}}}}}""");
        var (updated, before) = await session.WaitForAsync("session.updated");
        Assert.DoesNotContain(before, e => e.Type.StartsWith("input_audio_buffer.speech", StringComparison.Ordinal));
        Assert.Equal(1200, updated.Json.GetProperty("session").GetProperty("audio").GetProperty("input").GetProperty("turn_detection").GetProperty("silence_duration_ms").GetInt32());

        // At 0.5 it is; 800 ms of silence is less than the 1200 the session asks for, so the turn goes on.
        await session.SendAudioAsync(TestSpeech.Concat(TestSpeech.Speech(0.8), TestSpeech.Silence(0.8)));
        await session.SendEventAsync("""{"type":"session.update","session":{"type":"realtime","instructions":"Be brief."}}""");
        (_, before) = await session.WaitForAsync("session.updated");
        Assert.Equal(["input_audio_buffer.speech_started"], before.Select(e => e.Type));

        await session.SendAudioAsync(TestSpeech.Silence(0.6));
        var (stopped, _) = await session.WaitForAsync("input_audio_buffer.speech_stopped");
        Assert.InRange(stopped.Json.GetProperty("audio_end_ms").GetInt64(), 1860, 1940);
        await session.WaitForAsync("response.done", Long);
    }

    [Fact]
    public async Task ManualModeAnswersOnlyOnResponseCreateAndRejectsAnEmptyCommit()
    {
        await using var processor = await environment.StartProcessorAsync();
        var gateway = await environment.StartGatewayAsync();
        var session = await gateway.OpenSessionAsync(Manual);

        await session.SendEventAsync("""{"type":"input_audio_buffer.commit","event_id":"c1"}""");
        var error = await session.NextAsync();
        Assert.Equal("error", error.Type);
        Assert.Equal("input_audio_buffer_commit_empty", error.Json.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("c1", error.Json.GetProperty("error").GetProperty("event_id").GetString());

        // Loud speech and silence: no VAD events in manual mode, and a commit alone creates no response.
        await session.SendAudioAsync(TestSpeech.Concat(TestSpeech.Speech(1.0), TestSpeech.Silence(1.0)));
        await session.SendEventAsync("""{"type":"input_audio_buffer.commit"}""");
        var (_, before) = await session.WaitForAsync(Transcribed);
        Assert.Equal(["input_audio_buffer.committed"], before.Select(e => e.Type));
        await session.SendEventAsync("""{"type":"input_audio_buffer.clear"}""");
        (_, before) = await session.WaitForAsync("input_audio_buffer.cleared");
        Assert.Empty(before);
        Assert.Equal(0, session.CountReceived("response.created"));

        await session.SendEventAsync("""{"type":"response.create"}""");
        var (done, answer) = await session.WaitForAsync("response.done", Long);
        Assert.Equal("response.created", answer[0].Type);
        Assert.Equal("completed", done.Response.GetProperty("status").GetString());
        Assert.Contains("This is turn 1 of our conversation.", OutputTranscript(done), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATextOnlySessionIsAnsweredWithTextDeltasAndNoAudio()
    {
        await using var processor = await environment.StartProcessorAsync();
        var gateway = await environment.StartGatewayAsync();
        var session = await gateway.OpenSessionAsync(Manual with { OutputModalities = [Modalities.Text] });
        await session.SendAudioAsync(TestSpeech.Speech(0.9));
        await session.SendEventAsync("""{"type":"input_audio_buffer.commit"}""");
        await session.SendEventAsync("""{"type":"response.create"}""");

        var (done, before) = await session.WaitForAsync("response.done", Long);
        Assert.DoesNotContain(before, e => e.IsAudio || e.Type == TranscriptDelta);
        var text = string.Concat(before.Where(e => e.Type == "response.output_text.delta").Select(e => e.String("delta"))).Trim();
        Assert.StartsWith("You said", text, StringComparison.Ordinal);
        var content = done.Response.GetProperty("output")[0].GetProperty("content")[0];
        Assert.Equal(text, content.GetProperty("text").GetString());
    }

    [Fact]
    public async Task ResponseCancelStopsTheAnswerAtOnceAndTheHistoryKeepsOnlyWhatWasDelivered()
    {
        await using var processor = await environment.StartProcessorAsync();
        var gateway = await environment.StartGatewayAsync();
        var session = await gateway.OpenSessionAsync(Manual);
        await session.SendAudioAsync(TestSpeech.Speech(1.0));
        await session.SendEventAsync("""{"type":"input_audio_buffer.commit"}""");

        // Four sentences of audio, published at playback pace: a response that lasts seconds.
        await session.SendEventAsync("""{"type":"response.create"}""");
        await session.WaitForAsync(DownlinkEvent.AudioType, Long);
        var cancelled = Stopwatch.StartNew();
        await session.SendEventAsync("""{"type":"response.cancel"}""");
        var (done, before) = await session.WaitForAsync("response.done");
        cancelled.Stop();

        Assert.Equal("cancelled", done.Response.GetProperty("status").GetString());
        Assert.Equal("client_cancelled", done.Response.GetProperty("status_details").GetProperty("reason").GetString());
        output.WriteLine($"response.cancel sent -> response.done received: {cancelled.Elapsed.TotalMilliseconds:0} ms");
        Assert.True(cancelled.Elapsed < TimeSpan.FromSeconds(3), $"response.done came {cancelled.Elapsed} after response.cancel");

        var delivered = DeliveredTranscript(session.Delivered, ResponseId(done));
        Assert.Equal(delivered, OutputTranscript(done));
        var store = processor.Services.GetRequiredService<ISessionStore>();
        var answer = await WaitForHistoryItemAsync(store, session.Id, ItemId(done));
        Assert.Equal(delivered, answer.Text);
        Assert.Equal(ItemStatus.Incomplete, answer.Status);

        // The session goes on: a second cancel has nothing to cancel, and a new response completes.
        await session.SendEventAsync("""{"type":"response.cancel"}""");
        var (error, _) = await session.WaitForAsync("error");
        Assert.Equal("response_cancel_not_active", error.Json.GetProperty("error").GetProperty("code").GetString());
        await session.SendEventAsync("""{"type":"response.create","response":{"output_modalities":["text"]}}""");
        var (second, _) = await session.WaitForAsync("response.done", Long);
        Assert.Equal("completed", second.Response.GetProperty("status").GetString());
    }

    [Fact]
    public async Task SpeechDuringAnAnswerBargesInAndTheNewUtteranceIsAnswered()
    {
        await using var processor = await environment.StartProcessorAsync();
        var gateway = await environment.StartGatewayAsync();
        var session = await gateway.OpenSessionAsync(SessionConfig.Default);
        await session.SendAudioAsync(TestSpeech.Concat(TestSpeech.Speech(1.0), TestSpeech.Silence(0.8)));
        await session.WaitForAsync(DownlinkEvent.AudioType, Long);

        var bargeIn = Stopwatch.StartNew();
        await session.SendAudioAsync(TestSpeech.Speech(0.6, hz: 660));
        var (started, _) = await session.WaitForAsync("input_audio_buffer.speech_started");
        var (done, _) = await session.WaitForAsync("response.done");
        bargeIn.Stop();
        Assert.Equal("cancelled", done.Response.GetProperty("status").GetString());
        Assert.Equal("turn_detected", done.Response.GetProperty("status_details").GetProperty("reason").GetString());
        Assert.True(bargeIn.Elapsed < TimeSpan.FromSeconds(5), $"response.done came {bargeIn.Elapsed} after the speech was sent");

        // The handler that detects the speech cancels the response and publishes both events at once.
        var startedToDone = done.ReceivedAt - started.ReceivedAt;
        output.WriteLine($"speech sent -> response.done: {bargeIn.Elapsed.TotalMilliseconds:0} ms; speech_started -> response.done: {startedToDone.TotalMilliseconds:0} ms");
        Assert.True(startedToDone < TimeSpan.FromSeconds(1), $"response.done came {startedToDone} after speech_started");

        var store = processor.Services.GetRequiredService<ISessionStore>();
        var answer = await WaitForHistoryItemAsync(store, session.Id, ItemId(done));
        Assert.Equal(DeliveredTranscript(session.Delivered, ResponseId(done)), answer.Text);
        Assert.Equal(ItemStatus.Incomplete, answer.Status);

        // The interrupting utterance is the next turn.
        await session.SendAudioAsync(TestSpeech.Silence(0.8));
        var (committed, _) = await session.WaitForAsync("input_audio_buffer.committed");
        Assert.Equal(started.String("item_id"), committed.String("item_id"));
        var (next, _) = await session.WaitForAsync("response.done", Long);
        Assert.Equal("completed", next.Response.GetProperty("status").GetString());
        Assert.Contains("This is turn 2 of our conversation.", OutputTranscript(next), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TruncateCutsTheAnswerInTheHistoryToWhatWasHeard()
    {
        await using var processor = await environment.StartProcessorAsync();
        var gateway = await environment.StartGatewayAsync();
        var session = await gateway.OpenSessionAsync(Manual);
        await session.SendAudioAsync(TestSpeech.Speech(1.0));
        await session.SendEventAsync("""{"type":"input_audio_buffer.commit"}""");
        await session.SendEventAsync("""{"type":"response.create"}""");
        var (done, before) = await session.WaitForAsync("response.done", Long);
        var itemId = ItemId(done);

        // The first sentence's audio, and a truncate right where it ends: the history keeps that sentence alone.
        var firstDelta = before.FindIndex(e => e.Type == TranscriptDelta);
        var secondDelta = before.FindIndex(firstDelta + 1, e => e.Type == TranscriptDelta);
        Assert.True(secondDelta > firstDelta, "the answer has at least two sentences");
        var firstAudioBytes = before.Skip(firstDelta).Take(secondDelta - firstDelta).Where(e => e.IsAudio).Sum(e => e.Audio!.Length);
        var endMs = (long)Math.Ceiling(firstAudioBytes / 48.0);
        await session.SendEventAsync($$"""{"type":"conversation.item.truncate","item_id":"{{itemId}}","content_index":0,"audio_end_ms":{{endMs}}}""");
        var (truncated, _) = await session.WaitForAsync("conversation.item.truncated");
        Assert.Equal(itemId, truncated.String("item_id"));
        Assert.Equal(endMs, truncated.Json.GetProperty("audio_end_ms").GetInt64());

        var store = processor.Services.GetRequiredService<ISessionStore>();
        var answer = (await store.GetItemsAsync(session.Id, CancellationToken.None)).Single(i => i.Id == itemId);
        Assert.Equal(before[firstDelta].String("delta")!.Trim(), answer.Text);
        Assert.Equal(ItemStatus.Incomplete, answer.Status);

        await session.SendEventAsync("""{"type":"conversation.item.truncate","item_id":"item_nope","content_index":0,"audio_end_ms":10}""");
        var (error, _) = await session.WaitForAsync("error");
        Assert.Equal("item_id", error.Json.GetProperty("error").GetProperty("param").GetString());
    }

    [Fact]
    public async Task ARedeliveredUplinkMessageIsAppliedOnce()
    {
        await using var processor = await environment.StartProcessorAsync();
        var gateway = await environment.StartGatewayAsync();
        var session = await gateway.OpenSessionAsync(Manual with { OutputModalities = [Modalities.Text] });
        await session.SendAudioAsync(TestSpeech.Speech(1.0));
        var commit = session.CreateEvent("""{"type":"input_audio_buffer.commit"}""");
        var create = session.CreateEvent("""{"type":"response.create"}""");
        await session.SendRawAsync(commit);
        await session.SendRawAsync(commit);
        await session.SendRawAsync(create);
        await session.SendRawAsync(create);
        await session.WaitForAsync("response.done", Long);

        // A later event has been handled after the copies, in order: by then they would have shown.
        await session.SendEventAsync("""{"type":"input_audio_buffer.clear"}""");
        await session.WaitForAsync("input_audio_buffer.cleared");
        Assert.Equal(1, session.CountReceived("input_audio_buffer.committed"));
        Assert.Equal(1, session.CountReceived("response.created"));
        Assert.Equal(1, session.CountReceived("response.done"));
        Assert.Equal(0, session.CountReceived("error"));
        var store = processor.Services.GetRequiredService<ISessionStore>();
        var items = await store.GetItemsAsync(session.Id, CancellationToken.None);
        Assert.Equal(["user", "assistant"], items.Select(i => i.Role));
    }

    [Fact]
    public async Task WithoutRedisAProcessorKeepsSessionsInMemory()
    {
        await using var processor = await environment.StartProcessorAsync(withRedis: false);
        Assert.IsType<InMemorySessionStore>(processor.Services.GetRequiredService<ISessionStore>());
        var gateway = await environment.StartGatewayAsync();
        var session = await gateway.OpenSessionAsync(SessionConfig.Default);
        for (var turn = 1; turn <= 2; turn++)
        {
            await session.SendAudioAsync(TestSpeech.Concat(TestSpeech.Speech(0.8, hz: 300 + (100 * turn)), TestSpeech.Silence(0.8)));
            var (done, before) = await session.WaitForAsync("response.done", Long);
            Assert.Equal("completed", done.Response.GetProperty("status").GetString());
            Assert.Contains($"This is turn {turn} of our conversation.", OutputTranscript(done), StringComparison.Ordinal);
            Assert.Equal(await AssertSpokenAsync(before), OutputTranscript(done));
        }
    }

    [Fact]
    public async Task OneTraceSpansTheUplinkTheProviderCallsAndTheDownlinkEvents()
    {
        await using var processor = await environment.StartProcessorAsync();
        var gateway = await environment.StartGatewayAsync();
        var session = await gateway.OpenSessionAsync(Manual);
        await session.SendAudioAsync(TestSpeech.Speech(1.0));

        using var trace = new TraceCollector();
        await session.SendEventAsync("""{"type":"input_audio_buffer.commit"}""");
        await session.SendEventAsync("""{"type":"response.create"}""");
        trace.EndRoot();
        var (done, before) = await session.WaitForAsync("response.done", Long);

        var traceId = trace.TraceId.ToHexString();
        Assert.All(before.Append(done), e => Assert.Contains(traceId, e.TraceContext ?? "", StringComparison.Ordinal));
        // Spans are recorded when they end, and a turn span may end after response.done was delivered: wait until
        // every provider call's ancestors have ended.
        await Waiting.UntilAsync(
            () =>
            {
                var spans = trace.Spans;
                var calls = ProviderCalls(spans);
                var turnSpans = TurnSpans(spans);
                return calls.Count >= 3 && calls.All(client => HasAncestor(spans, client, turnSpans));
            },
            TimeSpan.FromSeconds(30),
            "the provider calls have ended, each under an ended turn span");
        var http = ProviderCalls(trace.Spans).Select(Url).ToList();
        Assert.Contains(http, url => url.EndsWith("/v1/audio/transcriptions", StringComparison.Ordinal));
        Assert.Contains(http, url => url.EndsWith("/v1/chat/completions", StringComparison.Ordinal));
        Assert.Contains(http, url => url.EndsWith("/v1/audio/speech", StringComparison.Ordinal));

        // The provider calls are children of the processor's turn spans.
        var turns = TurnSpans(trace.Spans);
        Assert.All(ProviderCalls(trace.Spans), client => Assert.True(HasAncestor(trace.Spans, client, turns), $"{client.DisplayName} is not under a turn span"));
    }

    private async Task<string> AssertSpokenAsync(IReadOnlyList<DownlinkEvent> events)
    {
        var deltas = events.Where(e => e.Type == TranscriptDelta).ToList();
        Assert.NotEmpty(deltas);
        var expectedBytes = 0;
        foreach (var delta in deltas)
        {
            expectedBytes += await MockExpectations.SpeechBytesAsync(environment.Mocks, delta.String("delta")!.Trim());
        }

        Assert.Equal(expectedBytes, events.Where(e => e.IsAudio).Sum(e => e.Audio!.Length));
        return string.Concat(deltas.Select(d => d.String("delta"))).Trim();
    }

    private static string DeliveredTranscript(IReadOnlyList<DownlinkEvent> events, string responseId) =>
        string.Concat(events.Where(e => e.Type == TranscriptDelta && e.String("response_id") == responseId).Select(e => e.String("delta"))).Trim();

    private static async Task<ConversationItem> WaitForHistoryItemAsync(ISessionStore store, string sessionId, string itemId)
    {
        ConversationItem? found = null;
        await Waiting.UntilAsync(
            async () => (found = (await store.GetItemsAsync(sessionId, CancellationToken.None)).FirstOrDefault(i => i.Id == itemId)) is not null,
            TimeSpan.FromSeconds(30),
            $"the history holds {itemId}");
        return found!;
    }

    private static List<Activity> ProviderCalls(IReadOnlyList<Activity> spans) =>
        [.. spans.Where(s => s.Source.Name == "System.Net.Http" && Url(s).Contains("/v1/", StringComparison.Ordinal))];

    private static HashSet<ActivitySpanId> TurnSpans(IReadOnlyList<Activity> spans) =>
        [.. spans.Where(s => s.Source.Name == "VoiceAgent.Processor").Select(s => s.SpanId)];

    private static string Url(Activity span) => span.GetTagItem("url.full") as string ?? "";

    private static bool HasAncestor(IReadOnlyList<Activity> spans, Activity span, HashSet<ActivitySpanId> ancestors)
    {
        var byId = spans.ToDictionary(s => s.SpanId);
        var current = span;
        while (current.ParentSpanId != default)
        {
            if (ancestors.Contains(current.ParentSpanId))
            {
                return true;
            }

            if (!byId.TryGetValue(current.ParentSpanId, out current!))
            {
                return false;
            }
        }

        return false;
    }

    private static string ResponseId(DownlinkEvent done) => done.Response.GetProperty("id").GetString()!;

    private static string ItemId(DownlinkEvent done) => done.Response.GetProperty("output")[0].GetProperty("id").GetString()!;

    private static string OutputTranscript(DownlinkEvent done) =>
        done.Response.GetProperty("output")[0].GetProperty("content")[0].GetProperty("transcript").GetString()!;
}
