using System.Text;
using System.Text.Json;
using VoiceAgent.Realtime.Audio;
using VoiceAgent.Realtime.Events;
using VoiceAgent.Realtime.Responses;
using VoiceAgent.Realtime.Sessions;

namespace VoiceAgent.Tests.Realtime;

public sealed class ClientEventWriterTests
{
    public static TheoryData<ClientEvent> Events => new()
    {
        new InputAudioBufferCommitEvent { EventId = "c1" },
        new InputAudioBufferClearEvent(),
        new ResponseCancelEvent("resp_9"),
        new ConversationItemTruncateEvent("item_3", 1, 2500) { EventId = "t" },
    };

    [Theory]
    [MemberData(nameof(Events))]
    public void SimpleEventsRoundTrip(ClientEvent clientEvent)
    {
        Assert.True(ClientEventParser.TryParse(ClientEventWriter.ToUtf8(clientEvent), out var parsed, out var error), error?.Message);

        Assert.Equal(clientEvent, parsed);
    }

    [Fact]
    public void AppendRoundTripsItsAudio()
    {
        var audio = new byte[] { 1, 2, 3, 4, 250, 251 };

        Assert.True(ClientEventParser.TryParse(ClientEventWriter.ToUtf8(new InputAudioBufferAppendEvent(audio)), out var parsed, out _));

        Assert.Equal(audio, Assert.IsType<InputAudioBufferAppendEvent>(parsed).Audio.ToArray());
    }

    [Fact]
    public void ABetaSessionUpdateIsForwardedInTheGaShape()
    {
        Assert.True(ClientEventParser.TryParse(
            """{"type":"session.update","session":{"modalities":["audio","text"],"input_audio_format":"g711_ulaw","turn_detection":null,"voice":"ash","speed":0.9}}"""u8,
            out var parsed,
            out _));

        var json = ClientEventWriter.ToUtf8(parsed);
        using var document = JsonDocument.Parse(json);
        var session = document.RootElement.GetProperty("session");

        Assert.Equal("realtime", session.GetProperty("type").GetString());
        Assert.Equal("audio", session.GetProperty("output_modalities")[0].GetString());
        Assert.Equal("audio/pcmu", session.GetProperty("audio").GetProperty("input").GetProperty("format").GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Null, session.GetProperty("audio").GetProperty("input").GetProperty("turn_detection").ValueKind);
        Assert.Equal("ash", session.GetProperty("audio").GetProperty("output").GetProperty("voice").GetString());
        Assert.False(session.TryGetProperty("modalities", out _));
        Assert.False(session.TryGetProperty("input_audio_format", out _));

        Assert.True(ClientEventParser.TryParse(json, out var reparsed, out _));
        var update = Assert.IsType<SessionUpdateEvent>(reparsed).Session;
        Assert.False(update.UsesBetaShape);
        Assert.Equal(AudioFormat.Pcmu, update.InputFormat);
        Assert.Equal(0.9, update.Speed);
    }

    [Fact]
    public void ResponseCreateOptionsRoundTrip()
    {
        var options = new ResponseCreateOptions
        {
            OutputModalities = ["text"],
            Instructions = "Answer in French.",
            Conversation = "none",
            Metadata = new Dictionary<string, string> { ["topic"] = "weather" },
            MaxOutputTokens = 50,
            OutputFormat = AudioFormat.Pcm16k,
            Voice = "sage",
        };

        Assert.True(ClientEventParser.TryParse(ClientEventWriter.ToUtf8(new ResponseCreateEvent(options)), out var parsed, out var error), error?.Message);

        var response = Assert.IsType<ResponseCreateEvent>(parsed).Response!;
        Assert.Equal(["text"], response.OutputModalities);
        Assert.Equal("Answer in French.", response.Instructions);
        Assert.Equal("weather", response.Metadata!["topic"]);
        Assert.Equal(50, response.MaxOutputTokens.Value);
        Assert.Equal(AudioFormat.Pcm16k, response.OutputFormat);
        Assert.Equal("sage", response.Voice);
    }

    [Fact]
    public void NonAsciiTextIsWrittenUnescaped()
    {
        var json = Encoding.UTF8.GetString(ClientEventWriter.ToUtf8(new SessionUpdateEvent(new SessionUpdate { Instructions = "Réponds en français, 你好" })));

        Assert.Contains("Réponds en français, 你好", json, StringComparison.Ordinal);
    }
}
