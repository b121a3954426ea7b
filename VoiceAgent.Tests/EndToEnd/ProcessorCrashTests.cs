using VoiceAgent.Hosting.Testing;
using VoiceAgent.Redis;
using Xunit.Abstractions;

namespace VoiceAgent.Tests.EndToEnd;

[Collection(VoiceStackCollection.Name)]
public sealed class ProcessorCrashTests(VoiceStackFixture stack, ITestOutputHelper output)
{
    [Fact]
    public async Task WhenTheProcessorRunningATurnIsKilledMidTurnTheTurnIsStillAnsweredOnce()
    {
        var audio = SpeechAudio.Utterance(variant: 31);
        var expected = await MockTranscripts.TranscribeAsync(stack.App, audio);
        await using var client = await stack.ConnectAsync("gateway-0");
        await client.SpeakAsync(audio);
        await client.ReceiveUntilFirstAudioAsync();

        var replica = await FindTurnProcessorAsync(client.SessionId!);
        await stack.App.KillReplicaAsync(replica);
        var killedAt = DateTimeOffset.UtcNow;
        await client.ReceiveUntilResponseDoneAsync();
        var frames = client.Frames;
        output.WriteLine($"killed {replica}; response.done {(frames[^1].ReceivedAt - killedAt).TotalMilliseconds:0} ms later: {TurnFrames.Describe(frames)}");

        // Deterministic mocks: the other processor regenerates the same answer and publishes only the rest of it. What the
        // killed one published but had not saved is published again and dropped by event_id, leaving seq gaps; one
        // response.created, one response.done and no repeated event_id are asserted below.
        OneSessionTurnTests.AssertAnsweredTurn(frames, expected, seqGapsAllowed: true);
        Assert.Single(frames, f => f.Type == "response.created");
        Assert.Single(frames, f => f.Type == "response.done");
        var eventIds = frames.Where(f => f.EventId is not null).Select(f => f.EventId).ToList();
        Assert.Equal(eventIds.Count, eventIds.Distinct().Count());

        await stack.WaitUntilHealthyAsync(replica);
    }

    /// <summary>The processor replica whose scheduler holds the session's turn lease (its value names the process).</summary>
    private async Task<string> FindTurnProcessorAsync(string sessionId)
    {
        var connectionString = await stack.App.GetConnectionStringAsync("redis")
            ?? throw new InvalidOperationException("The stack runs without Redis: no processor can take over a turn.");
        await using var redis = await RedisClient.ConnectAsync(connectionString).WaitAsync(TimeSpan.FromSeconds(10));
        var owner = await redis.GetStringAsync($"va:{{{sessionId}}}:lease").WaitAsync(TimeSpan.FromSeconds(10))
            ?? throw new InvalidOperationException($"No processor holds the turn lease of session {sessionId}.");
        var pid = int.Parse(owner.Split('/')[1], System.Globalization.CultureInfo.InvariantCulture);
        return stack.App.ResourceNotifications.GetSnapshots().Single(s => s.ResourceName == "processor" && s.ProcessId == pid).Name;
    }
}
