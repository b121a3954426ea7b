using VoiceAgent.Realtime.Events;
using VoiceAgent.Realtime.Link;
using VoiceAgent.Realtime.Responses;
using Xunit.Abstractions;

namespace VoiceAgent.Tests.Gateway;

/// <summary>
/// The uplink under a broker that stops taking messages (a TCP proxy between gateway and broker that stops reading):
/// the gateway stops reading the flooding client's socket instead of buffering, and either forwards everything once
/// the broker is back or, past the producer's send timeout, ends the session with 1011.
/// </summary>
public sealed class GatewayBackpressureTests(ITestOutputHelper output) : GatewayTestBase
{
    private const int ChunkBytes = 16 * 1024;

    // 512 MB of audio: far more than socket buffers and the gateway's queue hold, so a gateway that buffered
    // without bound would let the client send much more than the bound below.
    private const int MaxChunks = 32 * 1024;
    // Above what the loopback socket buffers can hold (send buffer 4 MB, receive buffer 32 MB at most here) plus the
    // gateway's queue; a run takes about 8 MB.
    private const long MaxAcceptedWhileStalled = 48L * 1024 * 1024;
    private const long MaxGatewayGrowth = 64L * 1024 * 1024;

    [Fact]
    public async Task AnAudioFloodWhileTheBrokerStallsBlocksTheClientAfterABoundedAmountAndArrivesWholeOnceItRecovers()
    {
        await using var proxy = new StallingProxy(Broker.GrpcEndpoint.Port);
        await using var gateway = await GatewayProcess.StartAsync(Broker, new Dictionary<string, string>
        {
            ["ConnectionStrings__rocketmq"] = proxy.ConnectionStringFor(Broker),
            // Longer than the stall: this test is about waiting, not giving up.
            ["RocketMQ__Client__RequestTimeout"] = "00:02:00",
            ["VoiceAgent__Gateway__MaxEventsPerSecond"] = "1000000",
        });
        await using var flooder = await RealtimeTestClient.ConnectAsync(gateway.RealtimeUri);
        await flooder.ExpectAsync("session.created");
        await using var other = await RealtimeTestClient.ConnectAsync(gateway.RealtimeUri);
        await other.ExpectAsync("session.created");
        var baseline = gateway.WorkingSetBytes;

        proxy.Stall();
        var flood = new AudioFlood(flooder.Socket, ChunkBytes, MaxChunks);
        flood.Start();
        var blocked = await flood.WaitUntilBlockedAsync(quiet: TimeSpan.FromSeconds(3), timeout: TimeSpan.FromSeconds(120));
        var acceptedWhileStalled = flood.WireBytesSent;
        var growth = gateway.WorkingSetBytes - baseline;
        output.WriteLine($"stalled broker: the client's sends blocked after {acceptedWhileStalled} bytes; gateway working set {baseline} -> +{growth} bytes");

        Assert.True(blocked, $"the client sent all {MaxChunks} chunks ({acceptedWhileStalled} bytes) into a stalled broker");
        Assert.True(acceptedWhileStalled < MaxAcceptedWhileStalled, $"the client's sends completed for {acceptedWhileStalled} bytes before they blocked");
        Assert.True(growth < MaxGatewayGrowth, $"the gateway grew by {growth} bytes (working set) while the broker stalled");
        Assert.False(gateway.HasExited);

        // The other session's socket is still read (its own queue has room); its events wait for the broker too.
        await other.SendJsonAsync("""{"type":"input_audio_buffer.commit"}""");

        proxy.Resume();
        flood.Stop();
        await flood.Completion.WaitAsync(TimeSpan.FromSeconds(60));
        await flooder.SendJsonAsync("""{"type":"input_audio_buffer.commit"}""");
        var records = await UntilCommittedAsync([flooder.SessionId!, other.SessionId!], TimeSpan.FromSeconds(120));

        var audio = AudioOf(records, flooder.SessionId!);
        var expected = flood.ExpectedAudio(flood.ChunksSent);
        Assert.Equal(expected.Length, audio.Length);
        Assert.True(expected.AsSpan().SequenceEqual(audio), "the audio arrived changed, reordered or duplicated");

        var delta = new ResponseContentRef("resp_1", "item_1");
        var eventId = await Processor.PublishEventAsync(other.SessionId!, (w, id) => ServerEventWriter.WriteOutputTextDelta(w, id, delta, "still here"), "resp_1");
        await other.ReceiveUntilAsync(f => f.EventId == eventId, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task ABrokerThatStaysAwayPastTheSendTimeoutEndsTheFloodingSessionWithUplinkUnavailableAnd1011()
    {
        await using var proxy = new StallingProxy(Broker.GrpcEndpoint.Port);
        var gateway = await StartGatewayAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:rocketmq"] = proxy.ConnectionStringFor(Broker),
            ["RocketMQ:Client:RequestTimeout"] = "00:00:01",
            ["VoiceAgent:Gateway:MaxEventsPerSecond"] = "1000000",
        });
        var client = await OpenSessionAsync(gateway);

        proxy.Stall();
        var flood = new AudioFlood(client.Socket, ChunkBytes, MaxChunks);
        flood.Start();
        var started = DateTimeOffset.UtcNow;
        var frames = await client.WaitForCloseAsync(TimeSpan.FromSeconds(60));
        var closedAfter = DateTimeOffset.UtcNow - started;
        output.WriteLine($"broker away: closed after {closedAfter}, the client sent {flood.WireBytesSent} bytes");
        flood.Stop();
        await flood.Completion.ContinueWith(static _ => { }, TaskScheduler.Default).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1011, (int?)client.CloseStatus);
        var error = frames[^1];
        Assert.Equal(RealtimeErrorCodes.UplinkUnavailable, error.ErrorCode);
        Assert.Equal("server_error", error.Json.GetProperty("error").GetProperty("type").GetString());
        Assert.Null(error.Seq);
        Assert.True(closedAfter < TimeSpan.FromSeconds(30), $"the client waited {closedAfter} for the error");
        Assert.True(flood.WireBytesSent < MaxAcceptedWhileStalled, $"the client's sends completed for {flood.WireBytesSent} bytes");

        // The gateway itself lives on: once the broker is back, the client resumes there.
        proxy.Resume();
        var resumed = await ResumeAsync(gateway, client);
        await resumed.ExpectAsync("session.resumed", TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task AClientFloodingAudioDoesNotHoldUpAnotherSessionOnTheSameGateway()
    {
        var gateway = await StartGatewayAsync(new Dictionary<string, string?> { ["VoiceAgent:Gateway:MaxEventsPerSecond"] = "1000000" });
        var flooder = await OpenSessionAsync(gateway);
        var other = await OpenSessionAsync(gateway);
        var flood = new AudioFlood(flooder.Socket, ChunkBytes, MaxChunks);
        flood.Start();
        await EventuallyAsync(() => flood.ChunksSent >= 200 || flood.Completion.IsCompleted, TimeSpan.FromSeconds(60), "the flood is under way");

        var since = System.Diagnostics.Stopwatch.StartNew();
        await other.SendJsonAsync("""{"type":"input_audio_buffer.commit"}""");
        var records = await UntilCommittedAsync([other.SessionId!], TimeSpan.FromSeconds(30));
        var uplinkLatency = since.Elapsed;
        var delta = new ResponseContentRef("resp_1", "item_1");
        var eventId = await Processor.PublishEventAsync(other.SessionId!, (w, id) => ServerEventWriter.WriteOutputTextDelta(w, id, delta, "hello"), "resp_1");
        await other.ReceiveUntilAsync(f => f.EventId == eventId, TimeSpan.FromSeconds(30));
        var roundTrip = since.Elapsed;
        output.WriteLine($"while {flood.WireBytesSent} bytes were flooded: commit at the processor after {uplinkLatency}, downlink event back after {roundTrip}");

        Assert.False(flood.Completion.IsCompleted, "the flood ended early (the flooding connection failed or the flood was too short)");
        flood.Stop();
        await flood.Completion.WaitAsync(TimeSpan.FromSeconds(60));
        await flooder.SendJsonAsync("""{"type":"input_audio_buffer.commit"}""");
        records.AddRange(await UntilCommittedAsync([flooder.SessionId!], TimeSpan.FromSeconds(120)));

        Assert.True(roundTrip < TimeSpan.FromSeconds(15), $"the other session's event took {uplinkLatency} to the processor, {roundTrip} with the answer");
        Assert.True(flood.ExpectedAudio(flood.ChunksSent).AsSpan().SequenceEqual(AudioOf(records, flooder.SessionId!)), "the flooded audio arrived changed, reordered or duplicated");
    }

    private static byte[] AudioOf(IEnumerable<TestProcessor.UplinkRecord> records, string sessionId)
    {
        using var audio = new MemoryStream();
        foreach (var record in records.Where(r => r.Envelope.SessionId == sessionId && r.Envelope.Kind == LinkMessageKind.Audio))
        {
            audio.Write(record.Envelope.Body.Span);
        }

        return audio.ToArray();
    }

    /// <summary>Uplink records until every session in <paramref name="sessionIds"/> had its <c>input_audio_buffer.commit</c>.</summary>
    private async Task<List<TestProcessor.UplinkRecord>> UntilCommittedAsync(IReadOnlyCollection<string> sessionIds, TimeSpan timeout)
    {
        var waiting = new HashSet<string>(sessionIds, StringComparer.Ordinal);
        var records = new List<TestProcessor.UplinkRecord>();
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (waiting.Count > 0)
        {
            var left = deadline - DateTimeOffset.UtcNow;
            var record = await Processor.NextAsync(left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1));
            records.Add(record);
            if (IsUplink(record, "input_audio_buffer.commit"))
            {
                waiting.Remove(record.Envelope.SessionId);
            }
        }

        return records;
    }
}
