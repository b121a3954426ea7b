using VoiceAgent.Realtime.Events;
using VoiceAgent.Realtime.Responses;
using VoiceAgent.Realtime.Sessions;

namespace VoiceAgent.Tests.Gateway;

public sealed class GatewayDownlinkTests : GatewayTestBase
{
    /// <summary>100 ms of 24 kHz PCM16.</summary>
    private const int ChunkBytes = 4800;

    [Fact]
    public async Task ProcessorEventsReachTheClientInOrderWithConsecutiveSeq()
    {
        var gateway = await StartGatewayAsync();
        var client = await OpenSessionAsync(gateway);
        var sessionId = client.SessionId!;
        var where = new ResponseContentRef("resp_1", "item_1");
        var audio = Enumerable.Range(0, ChunkBytes).Select(i => (byte)i).ToArray();

        await PublishResponseCreatedAsync(sessionId, "resp_1");
        await Processor.PublishEventAsync(sessionId, (w, id) => ServerEventWriter.WriteOutputAudioTranscriptDelta(w, id, where, "Hello"), "resp_1");
        await Processor.PublishAudioAsync(sessionId, where, audio);
        await PublishResponseDoneAsync(sessionId, "resp_1");
        var frames = await client.ReceiveUntilAsync(f => f.Type == "response.done");

        Assert.Equal(
            ["response.created", "response.output_audio_transcript.delta", "response.output_audio.delta", "response.done"],
            frames.Select(f => f.Type));
        Assert.Equal([2L, 3, 4, 5], frames.Select(f => f.Seq!.Value));
        Assert.Equal(audio, frames[2].Audio);
        Assert.Equal("resp_1", frames[2].ResponseId);
        Assert.Equal("completed", frames[3].Json.GetProperty("response").GetProperty("status").GetString());
    }

    [Fact]
    public async Task ABetaClientGetsTheBetaNamesOfRenamedEvents()
    {
        var gateway = await StartGatewayAsync();
        var client = await OpenSessionAsync(gateway, new RealtimeTestClient.Options { Beta = true });
        var where = new ResponseContentRef("resp_1", "item_1");

        await Processor.PublishEventAsync(client.SessionId!, (w, id) => ServerEventWriter.WriteOutputAudioTranscriptDelta(w, id, where, "Hi"), "resp_1");
        await Processor.PublishAudioAsync(client.SessionId!, where, new byte[ChunkBytes]);
        var frames = await client.ReceiveUntilAsync(f => f.Type == "response.audio.delta");

        Assert.Equal(["response.audio_transcript.delta", "response.audio.delta"], frames.Select(f => f.Type));
    }

    [Fact]
    public async Task WithBinaryOutputAudioTheAudioComesAsBinaryFramesWithSeq()
    {
        var gateway = await StartGatewayAsync();
        var client = await OpenSessionAsync(gateway);
        var sessionId = client.SessionId!;
        await client.SendJsonAsync("""{"type":"session.update","session":{"type":"realtime","voiceagent":{"binary_output_audio":true}}}""");
        await Processor.UntilAsync(r => IsUplink(r, "session.update"));
        var config = SessionConfig.Default with { Extensions = new VoiceAgentSessionExtensions { BinaryOutputAudio = true } };
        var audio = Enumerable.Range(0, ChunkBytes).Select(i => (byte)(i * 7)).ToArray();
        var where = new ResponseContentRef("resp_1", "item_1");

        await Processor.PublishEventAsync(sessionId, (w, id) => ServerEventWriter.WriteSessionUpdated(w, id, config, sessionId));
        await Processor.PublishAudioAsync(sessionId, where, audio);
        await Processor.PublishEventAsync(sessionId, (w, id) => ServerEventWriter.WriteOutputAudioTranscriptDelta(w, id, where, "x"), "resp_1");
        var updated = await client.ExpectAsync("session.updated");
        var binary = await client.ReceiveAsync();
        var after = await client.ReceiveAsync();

        Assert.True(updated.Json.GetProperty("session").GetProperty("voiceagent").GetProperty("binary_output_audio").GetBoolean());
        Assert.True(binary.IsBinary);
        Assert.Equal(updated.Seq + 1, binary.Seq);
        Assert.Equal(audio, binary.BinaryAudio);
        Assert.Equal("response.output_audio_transcript.delta", after.Type);
        Assert.Equal(binary.Seq + 1, after.Seq);
    }

    [Fact]
    public async Task OutputAudioIsPacedToPlaybackSpeedWithTheLead()
    {
        var lead = TimeSpan.FromMilliseconds(200);
        var gateway = await StartGatewayAsync(new Dictionary<string, string?> { ["VoiceAgent:Gateway:AudioLead"] = "00:00:00.200" });
        var client = await OpenSessionAsync(gateway);
        var where = new ResponseContentRef("resp_1", "item_1");
        const int Chunks = 15;

        // 1.5 s of audio published at once.
        for (var i = 0; i < Chunks; i++)
        {
            await Processor.PublishAudioAsync(client.SessionId!, where, new byte[ChunkBytes]);
        }

        var frames = new List<ServerFrame>();
        while (frames.Count < Chunks)
        {
            if (await client.ReceiveAsync() is { Audio: not null } frame)
            {
                frames.Add(frame);
            }
        }

        // Chunk k may leave once the audio before it (k x 100 ms) is no more than the lead ahead of playback.
        var start = frames[0].ReceivedAt;
        var tolerance = TimeSpan.FromMilliseconds(100);
        for (var k = 0; k < Chunks; k++)
        {
            var earliest = start + (TimeSpan.FromMilliseconds(100 * k) - lead - tolerance);
            Assert.True(frames[k].ReceivedAt >= earliest, $"chunk {k} arrived {(frames[k].ReceivedAt - start).TotalMilliseconds:F0} ms after the first; not before {(earliest - start).TotalMilliseconds:F0} ms");
        }
    }

    [Fact]
    public async Task ResponseCancelDropsTheRestOfTheResponseButDeliversResponseDone()
    {
        var gateway = await StartGatewayAsync();
        var client = await OpenSessionAsync(gateway);
        var sessionId = client.SessionId!;
        var where = new ResponseContentRef("resp_1", "item_1");
        await PublishResponseCreatedAsync(sessionId, "resp_1");
        await Processor.PublishAudioAsync(sessionId, where, new byte[ChunkBytes]);
        await client.ExpectAsync("response.output_audio.delta");

        await client.SendJsonAsync("""{"type":"response.cancel","response_id":"resp_1"}""");
        await Processor.UntilAsync(r => IsUplink(r, "response.cancel"));
        for (var i = 0; i < 3; i++)
        {
            await Processor.PublishAudioAsync(sessionId, where, new byte[ChunkBytes]);
        }

        await PublishTextDeltasAsync(sessionId, 2);
        await PublishResponseDoneAsync(sessionId, "resp_1", ResponseStatuses.Cancelled);
        await PublishResponseCreatedAsync(sessionId, "resp_2");
        await Processor.PublishAudioAsync(sessionId, new ResponseContentRef("resp_2", "item_2"), new byte[ChunkBytes]);
        var frames = await client.ReceiveUntilAsync(f => f.Type == "response.output_audio.delta" && f.ResponseId == "resp_2");

        Assert.Equal(["response.done", "response.created", "response.output_audio.delta"], frames.Select(f => f.Type));
        Assert.Equal("cancelled", frames[0].Json.GetProperty("response").GetProperty("status").GetString());
    }

    [Fact]
    public async Task SpeechStartedFromTheProcessorDropsTheDeltasOfTheResponseInProgress()
    {
        var gateway = await StartGatewayAsync();
        var client = await OpenSessionAsync(gateway);
        var sessionId = client.SessionId!;
        var where = new ResponseContentRef("resp_1", "item_1");
        await PublishResponseCreatedAsync(sessionId, "resp_1");
        await client.ExpectAsync("response.created");

        await Processor.PublishEventAsync(sessionId, (w, id) => ServerEventWriter.WriteSpeechStarted(w, id, 1000, "item_user"));
        for (var i = 0; i < 3; i++)
        {
            await Processor.PublishAudioAsync(sessionId, where, new byte[ChunkBytes]);
        }

        await PublishResponseDoneAsync(sessionId, "resp_1", ResponseStatuses.Cancelled);
        var frames = await client.ReceiveUntilAsync(f => f.Type == "response.done");

        Assert.Equal(["input_audio_buffer.speech_started", "response.done"], frames.Select(f => f.Type));
    }
}
