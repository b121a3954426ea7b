using VoiceAgent.Hosting.Testing;
using VoiceAgent.Tests.Gateway;
using Xunit.Abstractions;

namespace VoiceAgent.Tests.EndToEnd;

[Collection(VoiceStackCollection.Name)]
public sealed class ResumeTests(VoiceStackFixture stack, ITestOutputHelper output)
{
    [Fact]
    public async Task AClientThatReconnectsMidResponseToTheOtherGatewayGetsTheRestExactlyOnceInOrder()
    {
        var audio = SpeechAudio.Utterance(variant: 23);
        var expected = await MockTranscripts.TranscribeAsync(stack.App, audio);
        await using var first = await stack.ConnectAsync("gateway-0");
        await first.SpeakAsync(audio);
        await first.ReceiveUntilFirstAudioAsync();
        var before = first.Frames.ToList();
        first.Kill();

        // The client says it saw two events less than it did (they were lost on the way): those come again too.
        var lastSeq = before[^1].Seq!.Value - 2;
        await using var second = await stack.ResumeAsync("gateway-1", first, lastSeq);
        await second.ReceiveUntilResponseDoneAsync();
        var after = second.Frames;
        output.WriteLine($"before: {TurnFrames.Describe(before)}\nafter (last_seq {lastSeq}): {TurnFrames.Describe(after)}");

        AssertResumed(before, after, lastSeq, expected);
        AssertSameEvent(before[^2], after[0]);
        AssertSameEvent(before[^1], after[1]);
    }

    [Fact]
    public async Task WhenTheGatewayHoldingASessionIsKilledMidResponseTheClientResumesOnTheOtherWithNothingLost()
    {
        var audio = SpeechAudio.Utterance(variant: 29);
        var expected = await MockTranscripts.TranscribeAsync(stack.App, audio);
        await using var first = await stack.ConnectAsync("gateway-1");
        await first.SpeakAsync(audio);
        await first.ReceiveUntilFirstAudioAsync();

        await stack.App.KillReplicaAsync("gateway-1");
        await first.WaitForCloseAsync(TimeSpan.FromSeconds(30));
        var before = first.Frames.ToList();
        var lastSeq = before[^1].Seq!.Value;

        await using var second = await stack.ResumeAsync("gateway-0", first, lastSeq);
        await second.ReceiveUntilResponseDoneAsync();
        var after = second.Frames;
        output.WriteLine($"before kill: {TurnFrames.Describe(before)}\nafter (last_seq {lastSeq}): {TurnFrames.Describe(after)}");
        AssertResumed(before, after, lastSeq, expected);

        // The shared stack gets its gateway back (restarted after the crash) before the next test.
        await stack.WaitUntilHealthyAsync("gateway-1");
    }

    /// <summary>
    /// What the client saw up to <paramref name="lastSeq"/> on the first connection, then everything after it on the
    /// second, is one whole turn: seq without gap or repeat, and the answer complete (<c>session.resumed</c> comes
    /// from the second gateway somewhere in between).
    /// </summary>
    private static void AssertResumed(List<ServerFrame> before, IReadOnlyList<ServerFrame> after, long lastSeq, string expectedTranscript)
    {
        TurnFrames.AssertSeqContiguous(after, lastSeq + 1);
        var resumed = after.IndexOf("session.resumed");
        Assert.NotNull(after[resumed].Json.GetProperty("session").GetProperty("resume_token").GetString());

        var whole = before.Where(f => f.Seq <= lastSeq).Concat(after.Where(f => f.Type != "session.resumed")).ToList();
        Assert.Equal(whole.Count, whole.Select(f => f.Seq).Distinct().Count());
        OneSessionTurnTests.AssertAnsweredTurn([.. whole.Select((f, i) => f with { Seq = i + 1 })], expectedTranscript);
    }

    private static void AssertSameEvent(ServerFrame expected, ServerFrame actual)
    {
        Assert.Equal(expected.Seq, actual.Seq);
        Assert.Equal(expected.Type, actual.Type);
        Assert.Equal(expected.ResponseId, actual.ResponseId);
        Assert.Equal(expected.Audio, actual.Audio);
    }
}
