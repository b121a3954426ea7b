using VoiceAgent.Realtime.Sessions;
using VoiceAgent.Tests.Processor.Infrastructure;

namespace VoiceAgent.Tests.Processor;

/// <summary>Whole turns through the real processor: uplink in, events out, in order, with the mock models' answers.</summary>
public sealed class ProcessorTurnTests(ProcessorEnvironment environment) : IClassFixture<ProcessorEnvironment>
{
    private static SessionConfig Manual => SessionConfig.Default with
    {
        Audio = new SessionAudioConfig { Input = new AudioInputConfig { TurnDetection = null } },
    };

    [Fact]
    public async Task ACommittedUtteranceIsTranscribedAndAnsweredWithTextAndAudioInOrder()
    {
        await environment.StartProcessorAsync();
        var gateway = await environment.StartGatewayAsync();
        var session = await gateway.OpenSessionAsync(Manual);
        var speech = TestSpeech.Speech(1.2);
        await session.SendAudioAsync(speech);
        await session.SendEventAsync("""{"type":"input_audio_buffer.commit"}""");
        await session.SendEventAsync("""{"type":"response.create"}""");

        var (done, before) = await session.WaitForAsync("response.done");
        var types = before.Select(e => e.Type).ToList();
        Assert.Equal("input_audio_buffer.committed", types[0]);
        Assert.Equal("conversation.item.input_audio_transcription.completed", types[1]);
        Assert.Equal("response.created", types[2]);
        Assert.Equal("response.output_audio_transcript.delta", types[3]);
        Assert.Contains(DownlinkEvent.AudioType, types);
        Assert.Equal("completed", done.Response.GetProperty("status").GetString());

        var committed = before[0];
        var transcription = before[1];
        Assert.Equal(committed.String("item_id"), transcription.String("item_id"));
        Assert.Equal(await MockExpectations.TranscriptAsync(environment.Mocks, speech), transcription.String("transcript"));

        // Each sentence: its transcript delta, then its audio; the audio is exactly what the TTS made of it.
        var deltas = before.Where(e => e.Type == "response.output_audio_transcript.delta").ToList();
        var audio = before.Where(e => e.IsAudio).ToList();
        var expectedBytes = 0;
        foreach (var delta in deltas)
        {
            expectedBytes += await MockExpectations.SpeechBytesAsync(environment.Mocks, delta.String("delta")!.Trim());
        }

        Assert.Equal(expectedBytes, audio.Sum(a => a.Audio!.Length));
        var transcript = string.Concat(deltas.Select(d => d.String("delta")));
        Assert.StartsWith("You said", transcript.Trim(), StringComparison.Ordinal);
        var content = done.Response.GetProperty("output")[0].GetProperty("content")[0];
        Assert.Equal(transcript.Trim(), content.GetProperty("transcript").GetString());
        Assert.All(audio, a => Assert.Equal(done.Response.GetProperty("id").GetString(), a.ResponseId));
        Assert.Equal(session.Received.Count, session.Delivered.Count);
    }
}
