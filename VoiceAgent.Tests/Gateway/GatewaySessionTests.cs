using System.Text.Json;
using VoiceAgent.Realtime.Events;
using VoiceAgent.Realtime.Link;

namespace VoiceAgent.Tests.Gateway;

public sealed class GatewaySessionTests : GatewayTestBase
{
    [Fact]
    public async Task SessionCreatedIsSeqOneWithTheSessionIdAndAResumeToken()
    {
        var gateway = await StartGatewayAsync();
        var client = await ConnectAsync(gateway);

        var first = await client.ReceiveAsync();

        Assert.Equal("session.created", first.Type);
        Assert.Equal(1, first.Seq);
        var session = first.Json.GetProperty("session");
        Assert.StartsWith("sess_", session.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(session.GetProperty("resume_token").GetString()));
        Assert.Equal("realtime", session.GetProperty("type").GetString());
    }

    [Fact]
    public async Task TheProcessorLearnsOfTheSessionAfterSessionCreated()
    {
        var gateway = await StartGatewayAsync();
        var client = await OpenSessionAsync(gateway);

        var start = await Processor.NextAsync();

        Assert.Equal(LinkMessageKind.Control, start.Envelope.Kind);
        Assert.Equal("session.start", TypeOf(start));
        Assert.Equal(client.SessionId, start.Envelope.SessionId);
        Assert.Equal(client.SessionId, start.MessageGroup);
    }

    [Fact]
    public async Task ClientEventsAndAudioReachTheUplinkInOrderInTheSessionsMessageGroup()
    {
        var gateway = await StartGatewayAsync();
        var client = await OpenSessionAsync(gateway);
        var start = await Processor.NextAsync();
        var chunks = Enumerable.Range(1, 20).Select(i => Enumerable.Repeat((byte)i, 960).ToArray()).ToArray();

        // JSON appends and binary frames alternate; a commit splits the audio in two turns.
        for (var i = 0; i < 10; i++)
        {
            await client.SendAudioAsync(chunks[i], binary: i % 2 == 1);
        }

        await client.SendJsonAsync("""{"type":"input_audio_buffer.commit","event_id":"c1"}""");
        for (var i = 10; i < 20; i++)
        {
            await client.SendAudioAsync(chunks[i], binary: i % 2 == 0);
        }

        await client.SendJsonAsync("""{"type":"response.create","event_id":"r1"}""");
        var records = await Processor.UntilAsync(r => IsUplink(r, "response.create"));

        Assert.All(records, r => Assert.Equal(client.SessionId, r.MessageGroup));
        Assert.All(records, r => Assert.Equal(start.Envelope.ConnectionId, r.Envelope.ConnectionId));
        Assert.Equal(Enumerable.Range(1, records.Count).Select(i => start.Envelope.Useq + i), records.Select(r => r.Envelope.Useq));
        var commit = records.FindIndex(r => IsUplink(r, "input_audio_buffer.commit"));
        Assert.True(commit > 0, "the commit was forwarded after audio");
        Assert.Equal(chunks[..10].SelectMany(c => c), records[..commit].SelectMany(AudioOf));
        Assert.Equal(chunks[10..].SelectMany(c => c), records[(commit + 1)..^1].SelectMany(AudioOf));
        Assert.All(records.Where(r => r.Envelope.Kind == LinkMessageKind.Audio), r => Assert.Equal("audio/pcm;rate=24000", r.Envelope.Format!.Value.ToLinkString()));
        Assert.Equal("r1", JsonDocument.Parse(records[^1].Envelope.Body).RootElement.GetProperty("event_id").GetString());
    }

    [Fact]
    public async Task AudioFramesAreBatchedUntilTheBatchDurationAndACommitSendsThemAtOnce()
    {
        // A batch of 5 s of audio: the 20 ms frames below stay in the gateway until the commit comes.
        var gateway = await StartGatewayAsync(new Dictionary<string, string?> { ["VoiceAgent:Gateway:AudioBatchDuration"] = "00:00:05" });
        var client = await OpenSessionAsync(gateway);
        await Processor.NextAsync();
        var chunks = Enumerable.Range(1, 8).Select(i => Enumerable.Repeat((byte)i, 960).ToArray()).ToArray();
        foreach (var chunk in chunks)
        {
            await client.SendAudioAsync(chunk, binary: chunk[0] % 2 == 0);
            await Task.Delay(10);
        }

        var committing = DateTimeOffset.UtcNow;
        await client.SendJsonAsync("""{"type":"input_audio_buffer.commit","event_id":"c1"}""");
        var records = await Processor.UntilAsync(r => IsUplink(r, "input_audio_buffer.commit"));

        var audio = Assert.Single(records[..^1]);
        Assert.Equal(chunks.SelectMany(c => c), AudioOf(audio));
        Assert.True(records[^1].ReceivedAt - committing < TimeSpan.FromSeconds(3.5), "the commit did not wait for the batch's time to run out");
    }

    [Fact]
    public async Task MalformedJsonAndUnknownEventsGetAnErrorAndTheSessionContinues()
    {
        var gateway = await StartGatewayAsync();
        var client = await OpenSessionAsync(gateway);

        await client.SendJsonAsync("{\"type\": \"input_audio_buffer.commit\",");
        var malformed = await client.ExpectAsync("error");
        await client.SendJsonAsync("""{"type":"no.such.event","event_id":"x1"}""");
        var unknown = await client.ExpectAsync("error");
        await client.SendAudioAsync(new byte[7], binary: true);
        var oddAudio = await client.ExpectAsync("error");
        await client.SendJsonAsync("""{"type":"input_audio_buffer.commit","event_id":"after"}""");
        var forwarded = await Processor.UntilAsync(r => IsUplink(r, "input_audio_buffer.commit"));

        Assert.Equal(RealtimeErrorCodes.InvalidJson, malformed.ErrorCode);
        Assert.Equal(RealtimeErrorCodes.InvalidValue, unknown.ErrorCode);
        Assert.Equal("x1", unknown.Json.GetProperty("error").GetProperty("event_id").GetString());
        Assert.Equal(RealtimeErrorCodes.InvalidAudio, oddAudio.ErrorCode);
        Assert.All([malformed, unknown, oddAudio], e => Assert.NotNull(e.Seq));
        Assert.DoesNotContain(forwarded, r => r.Envelope.Kind == LinkMessageKind.Event && !IsUplink(r, "input_audio_buffer.commit"));
        Assert.Equal(System.Net.WebSockets.WebSocketState.Open, client.Socket.State);
    }

    private static byte[] AudioOf(TestProcessor.UplinkRecord record)
    {
        Assert.Equal(LinkMessageKind.Audio, record.Envelope.Kind);
        return record.Envelope.Body.ToArray();
    }
}
