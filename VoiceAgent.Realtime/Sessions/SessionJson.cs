using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using VoiceAgent.Realtime.Audio;
using VoiceAgent.Realtime.Events;

namespace VoiceAgent.Realtime.Sessions;

/// <summary>Writes and reads session objects: the full configuration (GA or beta shape) and updates (GA shape).</summary>
public static class SessionJson
{
    /// <summary>
    /// Writes <paramref name="config"/> as a <c>session</c> object of <c>session.created</c>/<c>session.updated</c>,
    /// in the GA shape or the beta (flat) shape, with the session id and resume token when given.
    /// </summary>
    public static void WriteConfig(Utf8JsonWriter writer, SessionConfig config, RealtimeDialect dialect = RealtimeDialect.Ga, string? sessionId = null, string? resumeToken = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(config);
        writer.WriteStartObject();
        if (dialect == RealtimeDialect.Ga)
        {
            writer.WriteString("type"u8, config.Type);
        }

        writer.WriteString("object"u8, "realtime.session"u8);
        if (sessionId is not null)
        {
            writer.WriteString("id"u8, sessionId);
        }

        if (config.Model is not null)
        {
            writer.WriteString("model"u8, config.Model);
        }

        if (dialect == RealtimeDialect.Ga)
        {
            WriteGaBody(writer, config);
        }
        else
        {
            WriteBetaBody(writer, config);
        }

        writer.WriteStartObject("voiceagent"u8);
        writer.WriteBoolean("binary_output_audio"u8, config.Extensions.BinaryOutputAudio);
        writer.WriteEndObject();
        if (resumeToken is not null)
        {
            writer.WriteString("resume_token"u8, resumeToken);
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes the fields an update gives, in the GA shape (what travels on the uplink).</summary>
    public static void WriteUpdate(Utf8JsonWriter writer, SessionUpdate update)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(update);
        writer.WriteStartObject();
        writer.WriteString("type"u8, SessionConfig.RealtimeType);
        if (update.Model is not null)
        {
            writer.WriteString("model"u8, update.Model);
        }

        if (update.OutputModalities is not null)
        {
            WriteStrings(writer, "output_modalities"u8, update.OutputModalities);
        }

        if (update.Instructions is not null)
        {
            writer.WriteString("instructions"u8, update.Instructions);
        }

        var hasInput = update.InputFormat is not null || update.Transcription.HasValue || update.TurnDetection.HasValue;
        var hasOutput = update.OutputFormat is not null || update.Voice is not null || update.Speed is not null;
        if (hasInput || hasOutput)
        {
            writer.WriteStartObject("audio"u8);
            if (hasInput)
            {
                writer.WriteStartObject("input"u8);
                if (update.InputFormat is { } inputFormat)
                {
                    WriteFormat(writer, "format"u8, inputFormat);
                }

                if (update.Transcription.HasValue)
                {
                    WriteTranscription(writer, "transcription"u8, update.Transcription.Value);
                }

                if (update.TurnDetection.HasValue)
                {
                    WriteTurnDetectionUpdate(writer, update.TurnDetection.Value);
                }

                writer.WriteEndObject();
            }

            if (hasOutput)
            {
                writer.WriteStartObject("output"u8);
                if (update.OutputFormat is { } outputFormat)
                {
                    WriteFormat(writer, "format"u8, outputFormat);
                }

                if (update.Voice is not null)
                {
                    writer.WriteString("voice"u8, update.Voice);
                }

                if (update.Speed is { } speed)
                {
                    writer.WriteNumber("speed"u8, speed);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        if (update.MaxOutputTokens.HasValue)
        {
            WriteTokenLimit(writer, "max_output_tokens"u8, update.MaxOutputTokens.Value);
        }

        if (update.BinaryOutputAudio is { } binary)
        {
            writer.WriteStartObject("voiceagent"u8);
            writer.WriteBoolean("binary_output_audio"u8, binary);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    /// <summary>Reads a <c>session</c> object (GA or beta shape) as an update.</summary>
    public static bool TryReadUpdate(ReadOnlySpan<byte> json, [NotNullWhen(true)] out SessionUpdate? update, [NotNullWhen(false)] out RealtimeError? error) =>
        SessionUpdateReader.TryRead(json, out update, out error);

    /// <summary>Reads a full <c>session</c> object (as <see cref="WriteConfig"/> wrote it): the defaults with its fields applied.</summary>
    public static bool TryReadConfig(ReadOnlySpan<byte> json, [NotNullWhen(true)] out SessionConfig? config, [NotNullWhen(false)] out RealtimeError? error)
    {
        if (!SessionUpdateReader.TryRead(json, out var update, out error))
        {
            config = null;
            return false;
        }

        config = update.ApplyTo(SessionConfig.Default);
        return true;
    }

    /// <summary>Reads the <c>session</c> object the reader is positioned on (its StartObject).</summary>
    public static bool TryReadConfig(ref Utf8JsonReader reader, [NotNullWhen(true)] out SessionConfig? config, [NotNullWhen(false)] out RealtimeError? error)
    {
        if (!SessionUpdateReader.TryRead(ref reader, default, out var update, out error))
        {
            config = null;
            return false;
        }

        config = update.ApplyTo(SessionConfig.Default);
        return true;
    }

    internal static void WriteFormat(Utf8JsonWriter writer, ReadOnlySpan<byte> name, AudioFormat format)
    {
        writer.WriteStartObject(name);
        writer.WriteString("type"u8, format.Type);
        if (format.Encoding == AudioEncoding.Pcm16)
        {
            writer.WriteNumber("rate"u8, format.SampleRate);
        }

        writer.WriteEndObject();
    }

    internal static void WriteTokenLimit(Utf8JsonWriter writer, ReadOnlySpan<byte> name, int? limit)
    {
        if (limit is { } value)
        {
            writer.WriteNumber(name, value);
        }
        else
        {
            writer.WriteString(name, "inf"u8);
        }
    }

    internal static void WriteStrings(Utf8JsonWriter writer, ReadOnlySpan<byte> name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static void WriteGaBody(Utf8JsonWriter writer, SessionConfig config)
    {
        WriteStrings(writer, "output_modalities"u8, config.OutputModalities);
        WriteNullableString(writer, "instructions"u8, config.Instructions);
        writer.WriteStartObject("audio"u8);
        writer.WriteStartObject("input"u8);
        WriteFormat(writer, "format"u8, config.Audio.Input.Format);
        WriteTranscription(writer, "transcription"u8, config.Audio.Input.Transcription);
        WriteTurnDetection(writer, config.Audio.Input.TurnDetection);
        writer.WriteEndObject();
        writer.WriteStartObject("output"u8);
        WriteFormat(writer, "format"u8, config.Audio.Output.Format);
        writer.WriteString("voice"u8, config.Audio.Output.Voice);
        writer.WriteNumber("speed"u8, config.Audio.Output.Speed);
        writer.WriteEndObject();
        writer.WriteEndObject();
        WriteTokenLimit(writer, "max_output_tokens"u8, config.MaxOutputTokens);
    }

    private static void WriteBetaBody(Utf8JsonWriter writer, SessionConfig config)
    {
        writer.WriteStartArray("modalities"u8);
        writer.WriteStringValue(Modalities.Text);
        if (config.HasAudioOutput)
        {
            writer.WriteStringValue(Modalities.Audio);
        }

        writer.WriteEndArray();
        WriteNullableString(writer, "instructions"u8, config.Instructions);
        writer.WriteString("voice"u8, config.Audio.Output.Voice);
        writer.WriteString("input_audio_format"u8, config.Audio.Input.Format.BetaName);
        writer.WriteString("output_audio_format"u8, config.Audio.Output.Format.BetaName);
        WriteTranscription(writer, "input_audio_transcription"u8, config.Audio.Input.Transcription);
        WriteTurnDetection(writer, config.Audio.Input.TurnDetection);
        writer.WriteNumber("speed"u8, config.Audio.Output.Speed);
        WriteTokenLimit(writer, "max_response_output_tokens"u8, config.MaxOutputTokens);
    }

    private static void WriteTranscription(Utf8JsonWriter writer, ReadOnlySpan<byte> name, TranscriptionConfig? transcription)
    {
        if (transcription is null)
        {
            writer.WriteNull(name);
            return;
        }

        writer.WriteStartObject(name);
        WriteNullableString(writer, "model"u8, transcription.Model);
        if (transcription.Language is not null)
        {
            writer.WriteString("language"u8, transcription.Language);
        }

        if (transcription.Prompt is not null)
        {
            writer.WriteString("prompt"u8, transcription.Prompt);
        }

        writer.WriteEndObject();
    }

    private static void WriteTurnDetection(Utf8JsonWriter writer, TurnDetectionConfig? turn)
    {
        if (turn is null)
        {
            writer.WriteNull("turn_detection"u8);
            return;
        }

        writer.WriteStartObject("turn_detection"u8);
        writer.WriteString("type"u8, turn.Type);
        writer.WriteNumber("threshold"u8, turn.Threshold);
        writer.WriteNumber("prefix_padding_ms"u8, turn.PrefixPaddingMs);
        writer.WriteNumber("silence_duration_ms"u8, turn.SilenceDurationMs);
        writer.WriteBoolean("create_response"u8, turn.CreateResponse);
        writer.WriteBoolean("interrupt_response"u8, turn.InterruptResponse);
        if (turn.IdleTimeoutMs is { } idle)
        {
            writer.WriteNumber("idle_timeout_ms"u8, idle);
        }
        else
        {
            writer.WriteNull("idle_timeout_ms"u8);
        }

        writer.WriteEndObject();
    }

    private static void WriteTurnDetectionUpdate(Utf8JsonWriter writer, TurnDetectionUpdate? turn)
    {
        if (turn is null)
        {
            writer.WriteNull("turn_detection"u8);
            return;
        }

        writer.WriteStartObject("turn_detection"u8);
        if (turn.Type is not null)
        {
            writer.WriteString("type"u8, turn.Type);
        }

        if (turn.Threshold is { } threshold)
        {
            writer.WriteNumber("threshold"u8, threshold);
        }

        if (turn.PrefixPaddingMs is { } prefix)
        {
            writer.WriteNumber("prefix_padding_ms"u8, prefix);
        }

        if (turn.SilenceDurationMs is { } silence)
        {
            writer.WriteNumber("silence_duration_ms"u8, silence);
        }

        if (turn.CreateResponse is { } create)
        {
            writer.WriteBoolean("create_response"u8, create);
        }

        if (turn.InterruptResponse is { } interrupt)
        {
            writer.WriteBoolean("interrupt_response"u8, interrupt);
        }

        if (turn.IdleTimeoutMs.HasValue)
        {
            if (turn.IdleTimeoutMs.Value is { } idle)
            {
                writer.WriteNumber("idle_timeout_ms"u8, idle);
            }
            else
            {
                writer.WriteNull("idle_timeout_ms"u8);
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteNullableString(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
