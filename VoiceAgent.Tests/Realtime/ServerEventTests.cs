using System.Buffers;
using System.Text;
using System.Text.Json;
using VoiceAgent.Realtime.Events;
using VoiceAgent.Realtime.Responses;
using VoiceAgent.Realtime.Sessions;

namespace VoiceAgent.Tests.Realtime;

public sealed class ServerEventTests
{
    private static readonly ResponseContentRef Where = new("resp_1", "item_1", 0, 0);

    [Fact]
    public void SeqIsInsertedAsTheFirstProperty()
    {
        var json = ServerEventWriter.ToUtf8(o => ServerEventWriter.WriteCleared(o, "evt_1"));
        var output = new ArrayBufferWriter<byte>();

        ServerEventFrames.WriteWithSeq(output, 42, json);

        Assert.Equal("""{"seq":42,"type":"input_audio_buffer.cleared","event_id":"evt_1"}""", Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void SeqIsInsertedIntoAnEmptyObject()
    {
        var output = new ArrayBufferWriter<byte>();

        ServerEventFrames.WriteWithSeq(output, 7, " { } "u8);

        Assert.Equal("""{"seq":7 } """, Encoding.UTF8.GetString(output.WrittenSpan));
        Assert.Throws<ArgumentException>(() => ServerEventFrames.WriteWithSeq(output, 1, "[1]"u8));
    }

    [Fact]
    public void TheHeaderReaderFindsTypeIdsAndSeq()
    {
        var done = ServerEventWriter.ToUtf8(o => ServerEventWriter.WriteResponseDone(o, "resp_1:9", new RealtimeResponse { Id = "resp_1", Status = ResponseStatuses.Cancelled }));
        var output = new ArrayBufferWriter<byte>();
        ServerEventFrames.WriteWithSeq(output, 12, done);

        Assert.True(ServerEventReader.TryReadHeader(output.WrittenSpan, out var header));

        Assert.Equal(new ServerEventHeader("response.done", "resp_1:9", "resp_1", 12), header);
        Assert.False(ServerEventReader.TryReadHeader("{\"seq\":1}"u8, out _));
        Assert.False(ServerEventReader.TryReadHeader("{nope"u8, out _));
    }

    [Fact]
    public void AudioDeltasAreRenderedWithBase64AndSeq()
    {
        var output = new ArrayBufferWriter<byte>();

        ServerEventFrames.WriteAudioDelta(output, 5, "resp_1:3", Where, new byte[] { 1, 2, 3 });

        using var document = JsonDocument.Parse(output.WrittenMemory);
        var root = document.RootElement;
        Assert.Equal("seq", root.EnumerateObject().First().Name);
        Assert.Equal(5, root.GetProperty("seq").GetInt64());
        Assert.Equal("response.output_audio.delta", root.GetProperty("type").GetString());
        Assert.Equal("resp_1", root.GetProperty("response_id").GetString());
        Assert.Equal(new byte[] { 1, 2, 3 }, root.GetProperty("delta").GetBytesFromBase64());
    }

    [Fact]
    public void BinaryAudioFramesStartWithABigEndianSeq()
    {
        var output = new ArrayBufferWriter<byte>();

        ServerEventFrames.WriteBinaryAudio(output, 0x0102030405060708, new byte[] { 9, 10 });

        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, output.WrittenSpan.ToArray());
        Assert.True(ServerEventFrames.TryReadBinaryAudioSeq(output.WrittenSpan, out var seq));
        Assert.Equal(0x0102030405060708, seq);
    }

    [Fact]
    public void ErrorsHaveOpenAIsShape()
    {
        var json = ServerEventWriter.ToUtf8(o => ServerEventWriter.WriteError(o, "evt_e", RealtimeError.InvalidRequest("invalid_value", "Bad.", "type", "client_1")));

        using var document = JsonDocument.Parse(json);
        var error = document.RootElement.GetProperty("error");
        Assert.Equal("error", document.RootElement.GetProperty("type").GetString());
        Assert.Equal("evt_e", document.RootElement.GetProperty("event_id").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal("invalid_value", error.GetProperty("code").GetString());
        Assert.Equal("Bad.", error.GetProperty("message").GetString());
        Assert.Equal("type", error.GetProperty("param").GetString());
        Assert.Equal("client_1", error.GetProperty("event_id").GetString());
        Assert.True(ServerEventReader.TryReadError(json, out var read));
        Assert.Equal(RealtimeError.InvalidRequest("invalid_value", "Bad.", "type", "client_1"), read);
    }

    [Fact]
    public void BetaClientsGetTheRenamedEvents()
    {
        Assert.Equal("response.audio.delta", BetaEventNames.ToBeta("response.output_audio.delta"));
        Assert.Equal("response.audio_transcript.delta", BetaEventNames.ToBeta("response.output_audio_transcript.delta"));
        Assert.Equal("response.text.delta", BetaEventNames.ToBeta("response.output_text.delta"));
        Assert.Equal("conversation.item.created", BetaEventNames.ToBeta("conversation.item.added"));
        Assert.Equal("response.done", BetaEventNames.ToBeta("response.done"));
        Assert.Equal("response.output_audio_transcript.done", BetaEventNames.ToGa("response.audio_transcript.done"));

        var delta = ServerEventWriter.ToUtf8(o => ServerEventWriter.WriteOutputAudioTranscriptDelta(o, "e", Where, "Hel"));
        var beta = Rewrite(delta);
        Assert.Equal("response.audio_transcript.delta", beta.GetProperty("type").GetString());
        Assert.Equal("Hel", beta.GetProperty("delta").GetString());
    }

    [Fact]
    public void BetaClientsGetBetaShapedSessionsAndResponses()
    {
        var created = ServerEventWriter.ToUtf8(o => ServerEventWriter.WriteSessionCreated(o, "e1", SessionConfig.Default, "sess_1", "tok_1"));
        var session = Rewrite(created).GetProperty("session");
        Assert.Equal("sess_1", session.GetProperty("id").GetString());
        Assert.Equal("tok_1", session.GetProperty("resume_token").GetString());
        Assert.Equal("pcm16", session.GetProperty("input_audio_format").GetString());

        var response = new RealtimeResponse
        {
            Id = "resp_1",
            Status = ResponseStatuses.Completed,
            Output = [new ResponseOutputItem { Id = "item_1", Content = [ResponseContentPart.Audio("Hi there")] }],
            Usage = new ResponseUsage(10, 5),
        };
        var done = Rewrite(ServerEventWriter.ToUtf8(o => ServerEventWriter.WriteResponseDone(o, "e2", response))).GetProperty("response");
        Assert.Equal(["text", "audio"], done.GetProperty("modalities").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("audio", done.GetProperty("output")[0].GetProperty("content")[0].GetProperty("type").GetString());
        Assert.Equal("Hi there", done.GetProperty("output")[0].GetProperty("content")[0].GetProperty("transcript").GetString());
        Assert.Equal(15, done.GetProperty("usage").GetProperty("total_tokens").GetInt32());
    }

    private static JsonElement Rewrite(byte[] gaJson)
    {
        var output = new ArrayBufferWriter<byte>();
        ServerEventDialect.WriteBeta(gaJson, output);
        return JsonDocument.Parse(output.WrittenMemory).RootElement;
    }
}
