using System.Buffers;
using System.Text;
using VoiceAgent.Realtime.Audio;
using VoiceAgent.Realtime.Events;
using VoiceAgent.Realtime.Sessions;

namespace VoiceAgent.Tests.Realtime;

public sealed class ClientEventParserTests
{
    [Fact]
    public void AGaSessionUpdateIsParsedIntoTheGaShape()
    {
        var json = """
            {"type":"session.update","event_id":"e1","session":{"type":"realtime","output_modalities":["text"],"instructions":"Be brief.",
             "audio":{"input":{"format":{"type":"audio/pcm","rate":16000},"transcription":{"model":"whisper-1","language":"en"},
               "turn_detection":{"type":"server_vad","threshold":0.6,"silence_duration_ms":700}},
              "output":{"format":{"type":"audio/pcmu"},"voice":"verse","speed":1.2}},
             "max_output_tokens":200,"voiceagent":{"binary_output_audio":true},"tools":[{"type":"function"}]}}
            """;

        var update = Assert.IsType<SessionUpdateEvent>(Parse(json));

        Assert.Equal("e1", update.EventId);
        var session = update.Session;
        Assert.False(session.UsesBetaShape);
        Assert.Equal(["text"], session.OutputModalities);
        Assert.Equal("Be brief.", session.Instructions);
        Assert.Equal(AudioFormat.Pcm16k, session.InputFormat);
        Assert.Equal("whisper-1", session.Transcription.Value!.Model);
        Assert.Equal(0.6, session.TurnDetection.Value!.Threshold);
        Assert.Equal(700, session.TurnDetection.Value.SilenceDurationMs);
        Assert.Null(session.TurnDetection.Value.PrefixPaddingMs);
        Assert.Equal(AudioFormat.Pcmu, session.OutputFormat);
        Assert.Equal("verse", session.Voice);
        Assert.Equal(1.2, session.Speed);
        Assert.Equal(200, session.MaxOutputTokens.Value);
        Assert.True(session.BinaryOutputAudio);
    }

    [Fact]
    public void ABetaSessionUpdateIsNormalisedAndFlaggedAsBeta()
    {
        var json = """
            {"type":"session.update","session":{"modalities":["text","audio"],"voice":"Chelsie","input_audio_format":"pcm16",
             "output_audio_format":"g711_alaw","input_audio_transcription":null,
             "turn_detection":{"type":"server_vad","threshold":0.5,"prefix_padding_ms":300,"silence_duration_ms":800},
             "max_response_output_tokens":"inf"}}
            """;

        var session = Assert.IsType<SessionUpdateEvent>(Parse(json)).Session;

        Assert.True(session.UsesBetaShape);
        Assert.Equal(["audio"], session.OutputModalities);
        Assert.Equal("Chelsie", session.Voice);
        Assert.Equal(AudioFormat.Pcm24k, session.InputFormat);
        Assert.Equal(AudioFormat.Pcma, session.OutputFormat);
        Assert.True(session.Transcription.HasValue);
        Assert.Null(session.Transcription.Value);
        Assert.Equal(800, session.TurnDetection.Value!.SilenceDurationMs);
        Assert.True(session.MaxOutputTokens.HasValue);
        Assert.Null(session.MaxOutputTokens.Value);
    }

    [Fact]
    public void TurnDetectionNullSwitchesToManualTurns()
    {
        var session = Assert.IsType<SessionUpdateEvent>(Parse("""{"type":"session.update","session":{"audio":{"input":{"turn_detection":null}}}}""")).Session;

        Assert.True(session.TurnDetection.HasValue);
        Assert.Null(session.TurnDetection.Value);
        Assert.Null(session.ApplyTo(SessionConfig.Default).Audio.Input.TurnDetection);
    }

    [Fact]
    public void AppendAudioIsDecodedIntoTheCallersBuffer()
    {
        var audio = Enumerable.Range(0, 960).Select(i => (byte)i).ToArray();
        var json = $$"""{"event_id":"a","audio":"{{Convert.ToBase64String(audio)}}","type":"input_audio_buffer.append"}""";
        var destination = new ArrayBufferWriter<byte>();

        Assert.True(ClientEventParser.TryParse(Encoding.UTF8.GetBytes(json), destination, out var parsed, out var error), error?.Message);

        var append = Assert.IsType<InputAudioBufferAppendEvent>(parsed);
        Assert.Equal(960, append.AudioLength);
        Assert.True(append.Audio.IsEmpty);
        Assert.Equal(audio, destination.WrittenSpan.ToArray());
    }

    [Fact]
    public void EscapedBase64IsUnescapedBeforeDecoding()
    {
        var audio = new byte[] { 0xFF, 0xFF, 0xFE };
        var base64 = Convert.ToBase64String(audio).Replace("/", "\\/", StringComparison.Ordinal);

        var append = Assert.IsType<InputAudioBufferAppendEvent>(Parse($$"""{"type":"input_audio_buffer.append","audio":"{{base64}}"}"""));

        Assert.Equal(audio, append.Audio.ToArray());
    }

    [Fact]
    public void TheOtherClientEventsAreParsed()
    {
        Assert.IsType<InputAudioBufferCommitEvent>(Parse("""{"type":"input_audio_buffer.commit"}"""));
        Assert.IsType<InputAudioBufferClearEvent>(Parse("""{"type":"input_audio_buffer.clear"}"""));
        Assert.Equal("resp_1", Assert.IsType<ResponseCancelEvent>(Parse("""{"type":"response.cancel","response_id":"resp_1"}""")).ResponseId);
        Assert.Null(Assert.IsType<ResponseCancelEvent>(Parse("""{"type":"response.cancel"}""")).ResponseId);
        Assert.Equal(new ConversationItemTruncateEvent("item_1", 0, 1500), Parse("""{"type":"conversation.item.truncate","item_id":"item_1","content_index":0,"audio_end_ms":1500}"""));

        var create = Assert.IsType<ResponseCreateEvent>(Parse("""{"type":"response.create","response":{"modalities":["text"],"instructions":"Say hi","conversation":"none","metadata":{"k":"v"},"voice":"ash"}}"""));
        Assert.Equal(["text"], create.Response!.OutputModalities);
        Assert.Equal("none", create.Response.Conversation);
        Assert.Equal("v", create.Response.Metadata!["k"]);
        Assert.Equal("ash", create.Response.Voice);
        Assert.Null(Assert.IsType<ResponseCreateEvent>(Parse("""{"type":"response.create"}""")).Response);
    }

    [Theory]
    [InlineData("{\"type\":\"input_audio_buffer.commit\"", "invalid_json", null)]
    [InlineData("not json", "invalid_json", null)]
    [InlineData("[1,2]", "invalid_json", null)]
    [InlineData("{\"type\":\"input_audio_buffer.commit\"} {}", "invalid_json", null)]
    [InlineData("{\"event_id\":\"x\"}", "missing_required_parameter", "type")]
    [InlineData("{\"type\":42}", "invalid_type", "type")]
    [InlineData("{\"type\":\"conversation.item.create\"}", "invalid_value", "type")]
    [InlineData("{\"type\":\"input_audio_buffer.append\"}", "missing_required_parameter", "audio")]
    [InlineData("{\"type\":\"input_audio_buffer.append\",\"audio\":\"***\"}", "invalid_audio", "audio")]
    [InlineData("{\"type\":\"input_audio_buffer.append\",\"audio\":7}", "invalid_type", "audio")]
    [InlineData("{\"type\":\"session.update\"}", "missing_required_parameter", "session")]
    [InlineData("{\"type\":\"session.update\",\"session\":{\"audio\":{\"input\":{\"format\":{\"type\":\"audio/pcm\",\"rate\":44100}}}}}", "invalid_value", "session.audio.input.format")]
    [InlineData("{\"type\":\"session.update\",\"session\":{\"audio\":{\"input\":{\"format\":{\"type\":\"audio/pcm\",\"rate\":\"fast\"}}}}}", "invalid_type", "session.audio.input.format.rate")]
    [InlineData("{\"type\":\"session.update\",\"session\":{\"audio\":{\"input\":{\"turn_detection\":{\"threshold\":3}}}}}", "invalid_value", "session.audio.input.turn_detection.threshold")]
    [InlineData("{\"type\":\"session.update\",\"session\":{\"output_modalities\":[\"video\"]}}", "invalid_value", "session.output_modalities")]
    [InlineData("{\"type\":\"session.update\",\"session\":{\"type\":\"transcription\"}}", "invalid_value", "session.type")]
    [InlineData("{\"type\":\"session.update\",\"session\":{\"max_output_tokens\":0}}", "invalid_value", "session.max_output_tokens")]
    [InlineData("{\"type\":\"conversation.item.truncate\",\"content_index\":0,\"audio_end_ms\":5}", "missing_required_parameter", "item_id")]
    [InlineData("{\"type\":\"conversation.item.truncate\",\"item_id\":\"i\",\"audio_end_ms\":-5}", "invalid_value", "audio_end_ms")]
    [InlineData("{\"type\":\"response.create\",\"response\":{\"conversation\":\"maybe\"}}", "invalid_value", "response.conversation")]
    public void BadFramesGiveAClearError(string json, string code, string? param)
    {
        Assert.False(ClientEventParser.TryParse(Encoding.UTF8.GetBytes(json), out _, out var error));

        Assert.Equal("invalid_request_error", error.Type);
        Assert.Equal(code, error.Code);
        Assert.Equal(param, error.Param);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void AnErrorNamesTheClientsEventIdEvenWhenItComesLast()
    {
        Assert.False(ClientEventParser.TryParse("""{"type":"nope","event_id":"evt_42"}"""u8, out _, out var error));

        Assert.Equal("evt_42", error.EventId);
        Assert.Contains("nope", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFieldErrorInsideTheSessionStillNamesTheEventIdAfterIt()
    {
        Assert.False(ClientEventParser.TryParse("""{"type":"session.update","session":{"audio":{"output":{"speed":"x"}}},"event_id":"e9"}"""u8, out _, out var error));

        Assert.Equal("invalid_type", error.Code);
        Assert.Equal("session.audio.output.speed", error.Param);
        Assert.Equal("e9", error.EventId);
    }

    [Fact]
    public void InvalidUtf8IsReportedAsInvalidJson()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"type":"X"}""");
        bytes[10] = 0xFF;

        Assert.False(ClientEventParser.TryParse(bytes, out _, out var error));

        Assert.Equal("invalid_json", error.Code);
    }

    private static ClientEvent Parse(string json)
    {
        Assert.True(ClientEventParser.TryParse(Encoding.UTF8.GetBytes(json), out var parsed, out var error), error?.Message);
        return parsed;
    }
}
