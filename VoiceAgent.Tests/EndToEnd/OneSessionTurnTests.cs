using VoiceAgent.Tests.Gateway;
using Xunit.Abstractions;

namespace VoiceAgent.Tests.EndToEnd;

[Collection(VoiceStackCollection.Name)]
public sealed class OneSessionTurnTests(VoiceStackFixture stack, ITestOutputHelper output)
{
    [Fact]
    public async Task AudioThenCommitIsTranscribedAndAnsweredInOrderWithoutSeqGaps()
    {
        var audio = SpeechAudio.Utterance(variant: 7, trailingSilenceMs: 200);
        var expected = await MockTranscripts.TranscribeAsync(stack.App, audio);
        Assert.NotEmpty(expected);

        await using var client = await stack.ConnectAsync("gateway-0");
        await client.UseManualTurnsAsync();
        await client.SpeakAsync(audio);
        await client.SendJsonAsync("""{"type":"input_audio_buffer.commit"}""");
        await client.SendJsonAsync("""{"type":"response.create"}""");
        var started = DateTimeOffset.UtcNow;
        await client.ReceiveUntilResponseDoneAsync();

        var frames = client.Frames;
        output.WriteLine($"commit to response.done: {(frames[^1].ReceivedAt - started).TotalMilliseconds:0} ms; {TurnFrames.Describe(frames)}");
        AssertAnsweredTurn(frames, expected);
        Assert.DoesNotContain(frames, f => f.Type == "input_audio_buffer.speech_started");
    }

    [Fact]
    public async Task WithServerVadSpeechIsDetectedCommittedAndAnsweredWithoutACommit()
    {
        var audio = SpeechAudio.Utterance(variant: 11);
        var expected = await MockTranscripts.TranscribeAsync(stack.App, audio);

        await using var client = await stack.ConnectAsync("gateway-1");
        await client.SpeakAsync(audio);
        await client.ReceiveUntilResponseDoneAsync();

        var frames = client.Frames;
        output.WriteLine(TurnFrames.Describe(frames));
        Assert.True(frames.IndexOf("input_audio_buffer.speech_started") < frames.IndexOf("input_audio_buffer.speech_stopped"));
        Assert.True(frames.IndexOf("input_audio_buffer.speech_stopped") < frames.IndexOf("input_audio_buffer.committed"));
        var itemId = frames[frames.IndexOf("input_audio_buffer.speech_started")].Json.GetProperty("item_id").GetString();
        Assert.Equal(itemId, frames[frames.IndexOf("input_audio_buffer.committed")].Json.GetProperty("item_id").GetString());
        AssertAnsweredTurn(frames, expected);
    }

    /// <summary>
    /// One turn as a user sees it: seq 1, 2, 3, ... (only rising when <paramref name="seqGapsAllowed"/>, after a
    /// processor crash); committed, then the transcript the ASR heard, then the response (created, text deltas
    /// beginning with the echo of the transcript, audio deltas), ending completed.
    /// </summary>
    internal static void AssertAnsweredTurn(IReadOnlyList<ServerFrame> frames, string expectedTranscript, bool seqGapsAllowed = false)
    {
        if (seqGapsAllowed)
        {
            TurnFrames.AssertSeqIncreasing(frames);
        }
        else
        {
            TurnFrames.AssertSeqContiguous(frames);
        }

        Assert.Equal("session.created", frames[0].Type);
        var committed = frames.IndexOf("input_audio_buffer.committed");
        var transcribed = frames.IndexOf("conversation.item.input_audio_transcription.completed");
        var created = frames.IndexOf("response.created");
        var firstText = frames.IndexOf("response.output_audio_transcript.delta");
        var firstAudio = frames.IndexOf("response.output_audio.delta");
        var done = frames.IndexOf("response.done");
        Assert.True(committed < transcribed && transcribed < created && created < firstText && firstText < firstAudio && firstAudio < done, TurnFrames.Describe(frames));
        Assert.Equal(done, frames.Count - 1);

        Assert.Equal(frames[committed].Json.GetProperty("item_id").GetString(), frames[transcribed].Json.GetProperty("item_id").GetString());
        Assert.Equal(expectedTranscript, frames[transcribed].Transcript());

        var responseId = frames[created].ResponseId!;
        Assert.Equal("completed", frames[done].ResponseStatus());
        Assert.Equal(responseId, frames[done].ResponseId);
        Assert.All(frames.Skip(created), f => Assert.Equal(responseId, f.ResponseId));
        Assert.StartsWith(MockTranscripts.EchoOf(expectedTranscript), frames.AnswerText(responseId));

        // About 60 ms of tone speech per letter: the answer's audio is seconds long.
        var audioBytes = frames.AudioBytes();
        Assert.True(audioBytes > SpeechAudio.BytesFor(1000), $"only {audioBytes} bytes of answer audio");
        Assert.Equal(0, audioBytes % 2);
    }
}
