using Microsoft.Extensions.DependencyInjection;
using VoiceAgent.Processor.Turns;
using VoiceAgent.Realtime.Sessions;
using VoiceAgent.Tests.Mocks;
using VoiceAgent.Tests.Processor.Infrastructure;

namespace VoiceAgent.Tests.Processor;

/// <summary>Processors sharing sessions through Redis, and one leaving in the middle of a turn.</summary>
public sealed class ProcessorFailoverTests(ProcessorEnvironment environment) : IClassFixture<ProcessorEnvironment>
{
    private const string TranscriptDelta = "response.output_audio_transcript.delta";

    private static readonly TimeSpan Long = TimeSpan.FromSeconds(60);

    private static SessionConfig Manual => SessionConfig.Default with
    {
        Audio = new SessionAudioConfig { Input = new AudioInputConfig { TurnDetection = null } },
    };

    [Fact]
    public async Task TwoProcessorsShareTheSessionsAndAnswerEveryTurnOnce()
    {
        var shared = SharedPrefix();
        await using var first = await environment.StartProcessorAsync(shared);
        await using var second = await environment.StartProcessorAsync(shared);
        var gateway = await environment.StartGatewayAsync();
        var sessions = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => gateway.OpenSessionAsync(Manual with { OutputModalities = [Modalities.Text] })));

        for (var turn = 1; turn <= 2; turn++)
        {
            await Task.WhenAll(sessions.Select(async (session, i) =>
            {
                await session.SendAudioAsync(TestSpeech.Speech(0.8, hz: 300 + (40 * i)));
                await session.SendEventAsync("""{"type":"input_audio_buffer.commit"}""");
                await session.SendEventAsync("""{"type":"response.create"}""");
            }));
            var expected = $"This is turn {turn} of our conversation.";
            foreach (var session in sessions)
            {
                var (done, _) = await session.WaitForAsync("response.done", Long);
                Assert.Equal("completed", done.Response.GetProperty("status").GetString());
                Assert.Contains(expected, done.Response.GetProperty("output")[0].GetProperty("content")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
            }
        }

        foreach (var session in sessions)
        {
            Assert.Equal(2, session.Delivered.Count(e => e.Type == "response.done"));
            Assert.Equal(2, session.Delivered.Count(e => e.Type == "input_audio_buffer.committed"));
        }
    }

    [Fact]
    public async Task AProcessorStoppedMidTurnIsSucceededByTheOtherAndTheClientGetsTheWholeAnswerOnce()
    {
        var shared = SharedPrefix();
        var first = await environment.StartProcessorAsync(shared);
        var second = await environment.StartProcessorAsync(shared);
        await using var firstOwned = first;
        await using var secondOwned = second;
        var gateway = await environment.StartGatewayAsync();
        var session = await gateway.OpenSessionAsync(Manual);
        await session.SendAudioAsync(TestSpeech.Speech(1.0));
        await session.SendEventAsync("""{"type":"input_audio_buffer.commit"}""");
        await session.SendEventAsync("""{"type":"response.create"}""");
        await session.WaitForAsync(DownlinkEvent.AudioType, Long);

        // Stop the processor producing the answer (its audio is paced, so the answer has seconds to go).
        var running = new[] { first, second }.Single(p => p.Services.GetRequiredService<TurnScheduler>().RunningCount > 0);
        await running.StopAsync();

        var (done, _) = await session.WaitForAsync("response.done", Long);
        Assert.Equal("completed", done.Response.GetProperty("status").GetString());

        await AssertWholeAnswerOnceAsync(session, done, environment.Mocks);

        // The survivor serves the session's next turn.
        await session.SendAudioAsync(TestSpeech.Speech(0.8, hz: 520));
        await session.SendEventAsync("""{"type":"input_audio_buffer.commit"}""");
        await session.SendEventAsync("""{"type":"response.create","response":{"output_modalities":["text"]}}""");
        var (next, _) = await session.WaitForAsync("response.done", Long);
        Assert.Equal("completed", next.Response.GetProperty("status").GetString());
    }

    [Fact]
    public async Task AProcessorKilledMidTurnIsSucceededByTheOtherAndTheClientGetsTheWholeAnswerOnce()
    {
        // A long answer (twelve sentences, spoken at playback pace) leaves time to start the survivor, then kill.
        var mocks = await environment.StartMocksAsync(new Dictionary<string, string?> { ["Mocks:Llm:AnswerSentences"] = "12" });
        var shared = SharedPrefix();
        await using var doomed = await ProcessorProcess.StartAsync(environment.Settings(shared, mocks: mocks));
        var gateway = await environment.StartGatewayAsync();
        var session = await gateway.OpenSessionAsync(Manual);
        await session.SendAudioAsync(TestSpeech.Speech(1.0));
        await session.SendEventAsync("""{"type":"input_audio_buffer.commit"}""");
        await session.SendEventAsync("""{"type":"response.create"}""");
        await session.WaitForAsync(DownlinkEvent.AudioType, Long);

        await using var survivor = await environment.StartProcessorAsync(shared, mocks: mocks);
        Assert.Equal(0, session.CountReceived("response.done"));
        doomed.Kill();

        var (done, _) = await session.WaitForAsync("response.done", Long);
        Assert.Equal("completed", done.Response.GetProperty("status").GetString());
        await AssertWholeAnswerOnceAsync(session, done, mocks);
    }

    /// <summary>Every sentence once, with exactly the TTS's audio for it: nothing repeated, nothing missing.</summary>
    private static async Task AssertWholeAnswerOnceAsync(TestSession session, DownlinkEvent done, MockModelsServer mocks)
    {
        var responseId = done.Response.GetProperty("id").GetString();
        var delivered = session.Delivered.Where(e => e.ResponseId == responseId || e.String("response_id") == responseId).ToList();
        var deltas = delivered.Where(e => e.Type == TranscriptDelta).ToList();
        var expectedBytes = 0;
        foreach (var delta in deltas)
        {
            expectedBytes += await MockExpectations.SpeechBytesAsync(mocks, delta.String("delta")!.Trim());
        }

        Assert.Equal(expectedBytes, delivered.Where(e => e.IsAudio).Sum(e => e.Audio!.Length));
        var transcript = string.Concat(deltas.Select(d => d.String("delta"))).Trim();
        Assert.Equal(transcript, done.Response.GetProperty("output")[0].GetProperty("content")[0].GetProperty("transcript").GetString());
        Assert.Equal(1, session.Delivered.Count(e => e.Type == "response.created"));
        Assert.Equal(1, session.Delivered.Count(e => e.Type == "response.done"));
    }

    private static Dictionary<string, string?> SharedPrefix() =>
        new() { ["VoiceAgent:Processor:RedisKeyPrefix"] = $"va{Guid.NewGuid():N}"[..12] + ":" };
}
