using Xunit.Abstractions;

namespace VoiceAgent.Tests.EndToEnd;

[Collection(VoiceStackCollection.Name)]
public sealed class BargeInTests(VoiceStackFixture stack, ITestOutputHelper output)
{
    /// <summary>With zero-latency models the cancel is bound by the link alone: it must be far below what a user notices.</summary>
    private static readonly TimeSpan MaxBargeIn = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task SpeakingDuringAnAnswerCancelsItWellUnder300MsAndTheNewUtteranceIsAnswered()
    {
        var question = SpeechAudio.Utterance(variant: 37);
        var interruption = SpeechAudio.Utterance(variant: 41, words: 2);
        var expected = await MockTranscripts.TranscribeAsync(stack.App, interruption);
        await using var client = await stack.ConnectAsync("gateway-1");
        await client.SpeakAsync(question);
        var firstAnswer = (await client.ReceiveUntilFirstAudioAsync())[^1].ResponseId;

        var speaking = DateTimeOffset.UtcNow;
        await client.SpeakAsync(interruption);
        var frames = await client.ReceiveUntilResponseDoneAsync("cancelled");
        var speechStarted = frames.Single(f => f.Type == "input_audio_buffer.speech_started");
        var cancelled = frames[^1];
        var bargeIn = cancelled.ReceivedAt - speechStarted.ReceivedAt;
        output.WriteLine(
            $"barge-in: speech_started to response.done cancelled in {bargeIn.TotalMilliseconds:0.0} ms; "
            + $"from sending the interruption (speech begins 200 ms into it, detected after 100 ms of it) to response.done cancelled: {(cancelled.ReceivedAt - speaking).TotalMilliseconds:0} ms");

        Assert.Equal(firstAnswer, cancelled.ResponseId);
        Assert.True(bargeIn < MaxBargeIn, $"barge-in took {bargeIn.TotalMilliseconds:0} ms");

        // Nothing more of the cancelled answer reaches the client once the user speaks.
        var afterSpeech = frames.SkipWhile(f => f != speechStarted).ToList();
        Assert.DoesNotContain(afterSpeech, f => f.Audio is not null || f.Type == "response.output_audio_transcript.delta");

        // The interruption is the next turn.
        var next = await client.ReceiveUntilResponseDoneAsync();
        Assert.Equal("completed", next[^1].ResponseStatus());
        Assert.Equal(expected, next.Single(f => f.Transcript() is not null).Transcript());
        Assert.StartsWith(MockTranscripts.EchoOf(expected), next.AnswerText(next[^1].ResponseId!));
        Assert.DoesNotContain(client.Frames, f => f.ResponseId == firstAnswer && f.Seq > cancelled.Seq);
    }
}
