using System.Diagnostics;
using VoiceAgent.Hosting.Testing;
using VoiceAgent.Tests.Gateway;
using Xunit.Abstractions;

namespace VoiceAgent.Tests.EndToEnd;

[Collection(VoiceStackCollection.Name)]
public sealed class ConcurrentSessionsTests(VoiceStackFixture stack, ITestOutputHelper output)
{
    private const int Sessions = 200;

    [Fact]
    public async Task TwoHundredConcurrentSessionsOverBothGatewaysEachGetOnlyTheirOwnCompleteAnswer()
    {
        // Every session says something the ASR hears differently, so a transcript or an answer that reached the
        // wrong session would show.
        var utterances = await MockTranscripts.DistinctUtterancesAsync(stack.App, Sessions);

        var clock = Stopwatch.StartNew();
        var sessions = await Task.WhenAll(Enumerable.Range(0, Sessions).Select(async i =>
        {
            await Task.Yield();
            var client = await stack.ConnectAsync(VoiceStackFixture.Gateways[i % 2], TimeSpan.FromSeconds(60));
            return client;
        }));
        var connected = clock.Elapsed;
        try
        {
            var failures = await Task.WhenAll(sessions.Select((client, i) => TalkAsync(client, utterances[i].Audio, binary: i % 2 == 0, StartOf(i))));
            var answered = clock.Elapsed;
            var unanswered = sessions.Where((c, i) => failures[i] is not null).ToList();
            foreach (var client in unanswered.Take(5))
            {
                output.WriteLine($"no answer in {client.SessionId}: {failures[Array.IndexOf(sessions, client)]!.GetType().Name}; {TurnFrames.Describe(client.Frames.TakeLast(8))} (of {client.Frames.Count})");
            }

            output.WriteLine($"{unanswered.Count} sessions got no response.done; by last event: "
                + string.Join(", ", unanswered.GroupBy(c => c.Frames[^1].Type).Select(g => $"{g.Key}: {g.Count()}")));
            output.WriteLine($"{Sessions} sessions: connected in {connected.TotalSeconds:0.0} s, all answered after {answered.TotalSeconds:0.0} s");

            var statuses = sessions.Where((c, i) => failures[i] is null).GroupBy(c => c.Frames[^1].ResponseStatus()).Select(g => $"{g.Key}: {g.Count()}");
            var errors = sessions.SelectMany(c => c.Frames).Where(f => f.Type == "error").GroupBy(f => f.Json.GetProperty("error").GetProperty("message").GetString());
            output.WriteLine($"response.done: {string.Join(", ", statuses)}; errors: {string.Join("; ", errors.Select(g => $"{g.Count()} x {g.Key}"))}");
            foreach (var replica in new[] { "processor-0", "processor-1" })
            {
                foreach (var line in stack.App.GetResourceLogs(replica).Where(l => l.Text.Contains("fail", StringComparison.Ordinal) || l.Text.Contains("warn", StringComparison.Ordinal)).Take(10))
                {
                    output.WriteLine($"{replica}: {line.Text}");
                }
            }

            Assert.Empty(unanswered);
            Assert.Equal(Sessions, sessions.Select(c => c.SessionId).Distinct().Count());
            for (var i = 0; i < Sessions; i++)
            {
                var frames = sessions[i].Frames;
                try
                {
                    OneSessionTurnTests.AssertAnsweredTurn(frames, utterances[i].Transcript);
                }
                catch (Exception e)
                {
                    throw new Xunit.Sdk.XunitException($"session {i} ({sessions[i].SessionId}): {e.Message}");
                }
            }
        }
        finally
        {
            await Task.WhenAll(sessions.Select(c => c.DisposeAsync().AsTask()));
        }
    }

    private static TimeSpan StartOf(int session) => TimeSpan.FromMilliseconds(session * 4000.0 / Sessions);

    /// <summary>Speaks and waits for the answer; returns what went wrong, if anything.</summary>
    private static async Task<Exception?> TalkAsync(RealtimeTestClient client, byte[] audio, bool binary, TimeSpan start)
    {
        try
        {
            // People do not all start speaking in the same millisecond: the 200 start within 4 s, so that all their
            // answers (about 7 s of audio each) overlap.
            await Task.Delay(start);
            await client.SpeakAsync(audio, binary);
            await client.ReceiveUntilResponseDoneAsync(timeout: TimeSpan.FromSeconds(90));
            return null;
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException or InvalidOperationException or System.Net.WebSockets.WebSocketException)
        {
            return e;
        }
    }
}
