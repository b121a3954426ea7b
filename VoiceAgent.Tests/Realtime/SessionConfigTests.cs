using System.Buffers;
using System.Text.Json;
using VoiceAgent.Realtime;
using VoiceAgent.Realtime.Audio;
using VoiceAgent.Realtime.Events;
using VoiceAgent.Realtime.Sessions;

namespace VoiceAgent.Tests.Realtime;

public sealed class SessionConfigTests
{
    [Fact]
    public void TheDefaultsAreOpenAIs()
    {
        var config = SessionConfig.Default;

        Assert.Equal(["audio"], config.OutputModalities);
        Assert.Equal(AudioFormat.Pcm24k, config.Audio.Input.Format);
        Assert.Equal(AudioFormat.Pcm24k, config.Audio.Output.Format);
        Assert.Equal("server_vad", config.Audio.Input.TurnDetection!.Type);
        Assert.Equal(0.5, config.Audio.Input.TurnDetection.Threshold);
        Assert.Equal(300, config.Audio.Input.TurnDetection.PrefixPaddingMs);
        Assert.Equal(500, config.Audio.Input.TurnDetection.SilenceDurationMs);
        Assert.True(config.Audio.Input.TurnDetection.CreateResponse);
        Assert.True(config.Audio.Input.TurnDetection.InterruptResponse);
        Assert.Null(config.MaxOutputTokens);
        Assert.False(config.Extensions.BinaryOutputAudio);
    }

    [Fact]
    public void AnUpdateChangesOnlyTheFieldsItGives()
    {
        var current = SessionConfig.Default with { Instructions = "Be kind." };
        current = new SessionUpdate { TurnDetection = new TurnDetectionUpdate { Threshold = 0.8 } }.ApplyTo(current);

        var next = new SessionUpdate
        {
            Voice = "ash",
            TurnDetection = new TurnDetectionUpdate { SilenceDurationMs = 900 },
            BinaryOutputAudio = true,
        }.ApplyTo(current);

        Assert.Equal("Be kind.", next.Instructions);
        Assert.Equal("ash", next.Audio.Output.Voice);
        Assert.Equal(0.8, next.Audio.Input.TurnDetection!.Threshold);
        Assert.Equal(900, next.Audio.Input.TurnDetection.SilenceDurationMs);
        Assert.True(next.Extensions.BinaryOutputAudio);
        Assert.Equal(AudioFormat.Pcm24k, next.Audio.Input.Format);
    }

    [Fact]
    public void TurningTurnDetectionBackOnStartsFromTheDefaults()
    {
        var manual = new SessionUpdate { TurnDetection = new Optional<TurnDetectionUpdate?>(null) }.ApplyTo(SessionConfig.Default);
        var back = new SessionUpdate { TurnDetection = new TurnDetectionUpdate { Type = "server_vad" } }.ApplyTo(manual);

        Assert.Null(manual.Audio.Input.TurnDetection);
        Assert.Equal(TurnDetectionConfig.Default, back.Audio.Input.TurnDetection);
    }

    [Fact]
    public void SemanticVadRunsAsServerVad()
    {
        Assert.True(SessionJson.TryReadUpdate("""{"audio":{"input":{"turn_detection":{"type":"semantic_vad","eagerness":"low"}}}}"""u8, out var update, out _));

        Assert.Equal("server_vad", update.ApplyTo(SessionConfig.Default).Audio.Input.TurnDetection!.Type);
    }

    [Fact]
    public void TheGaShapeRoundTrips()
    {
        var config = SessionConfig.Default with
        {
            OutputModalities = ["text"],
            Instructions = "Short answers.",
            Audio = new SessionAudioConfig
            {
                Input = new AudioInputConfig
                {
                    Format = AudioFormat.Pcm16k,
                    Transcription = new TranscriptionConfig { Model = "whisper-1", Language = "de" },
                    TurnDetection = TurnDetectionConfig.Default with { IdleTimeoutMs = 5000, CreateResponse = false },
                },
                Output = new AudioOutputConfig { Format = AudioFormat.Pcma, Voice = "coral", Speed = 1.25 },
            },
            MaxOutputTokens = 300,
            Extensions = new VoiceAgentSessionExtensions { BinaryOutputAudio = true },
        };

        var json = Write(w => SessionJson.WriteConfig(w, config, RealtimeDialect.Ga, "sess_1", "tok"));
        Assert.True(SessionJson.TryReadConfig(json, out var read, out var error), error?.Message);

        Assert.Equal(config.OutputModalities, read.OutputModalities);
        Assert.Equal(config.Instructions, read.Instructions);
        Assert.Equal(config.Audio, read.Audio);
        Assert.Equal(config.MaxOutputTokens, read.MaxOutputTokens);
        Assert.Equal(config.Extensions, read.Extensions);
        using var document = JsonDocument.Parse(json);
        Assert.Equal("sess_1", document.RootElement.GetProperty("id").GetString());
        Assert.Equal("tok", document.RootElement.GetProperty("resume_token").GetString());
        Assert.Equal(16000, document.RootElement.GetProperty("audio").GetProperty("input").GetProperty("format").GetProperty("rate").GetInt32());
    }

    [Fact]
    public void TheBetaShapeIsFlat()
    {
        var json = Write(w => SessionJson.WriteConfig(w, SessionConfig.Default, RealtimeDialect.Beta, "sess_2"));
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;

        Assert.Equal(["text", "audio"], root.GetProperty("modalities").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("pcm16", root.GetProperty("input_audio_format").GetString());
        Assert.Equal("pcm16", root.GetProperty("output_audio_format").GetString());
        Assert.Equal("alloy", root.GetProperty("voice").GetString());
        Assert.Equal("server_vad", root.GetProperty("turn_detection").GetProperty("type").GetString());
        Assert.Equal("inf", root.GetProperty("max_response_output_tokens").GetString());
        Assert.False(root.TryGetProperty("audio", out _));
        Assert.False(root.TryGetProperty("type", out _));

        Assert.True(SessionJson.TryReadConfig(json, out var read, out _));
        Assert.Equal(SessionConfig.Default.Audio, read.Audio);
    }

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
