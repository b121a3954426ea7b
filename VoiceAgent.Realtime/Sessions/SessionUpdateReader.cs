using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using VoiceAgent.Realtime.Audio;
using VoiceAgent.Realtime.Events;
using VoiceAgent.Realtime.Json;
using VoiceAgent.Realtime.Json.Dto;

namespace VoiceAgent.Realtime.Sessions;

/// <summary>Reads the <c>session</c> object of <c>session.update</c> (GA or beta shape) into a <see cref="SessionUpdate"/>.</summary>
internal static class SessionUpdateReader
{
    private const string Prefix = "session";

    /// <summary>Reads the object the reader is positioned on (its StartObject token).</summary>
    public static bool TryRead(
        ref Utf8JsonReader reader,
        ReadOnlySpan<byte> frame,
        [NotNullWhen(true)] out SessionUpdate? update,
        [NotNullWhen(false)] out RealtimeError? error)
    {
        update = null;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            error = RealtimeError.InvalidRequest(RealtimeErrorCodes.InvalidType, "'session' must be an object.", Prefix);
            return false;
        }

        SessionDto? dto;
        // A failed read leaves its reader anywhere: read with a copy, and skip the object with the original.
        var attempt = reader;
        try
        {
            dto = JsonSerializer.Deserialize(ref attempt, RealtimeJsonContext.Default.SessionDto);
        }
        catch (JsonException e)
        {
            reader.Skip();
            error = JsonErrors.FromException(e, frame, Prefix);
            return false;
        }

        reader = attempt;

        return TryNormalize(dto!, out update, out error);
    }

    /// <summary>Reads a whole <c>session</c> object given on its own (GA or beta shape).</summary>
    public static bool TryRead(ReadOnlySpan<byte> json, [NotNullWhen(true)] out SessionUpdate? update, [NotNullWhen(false)] out RealtimeError? error)
    {
        var reader = new Utf8JsonReader(json);
        try
        {
            reader.Read();
        }
        catch (JsonException e)
        {
            update = null;
            error = JsonErrors.InvalidJson(e);
            return false;
        }

        return TryRead(ref reader, json, out update, out error);
    }

    private static bool TryNormalize(SessionDto dto, [NotNullWhen(true)] out SessionUpdate? update, [NotNullWhen(false)] out RealtimeError? error)
    {
        update = null;
        var beta = dto.Modalities is not null || dto.Voice is not null || dto.Speed is not null
            || dto.InputAudioFormat is not null || dto.OutputAudioFormat is not null
            || dto.HasInputAudioTranscription || dto.HasTurnDetection || dto.HasMaxResponseOutputTokens;

        if (dto.Type is not null && dto.Type != SessionConfig.RealtimeType)
        {
            error = Invalid("session.type", $"Unsupported session type '{dto.Type}': only 'realtime' is supported.");
            return false;
        }

        IReadOnlyList<string>? modalities = null;
        if (dto.OutputModalities is not null || dto.Modalities is not null)
        {
            var param = dto.OutputModalities is not null ? "session.output_modalities" : "session.modalities";
            if (!ModalityRules.TryNormalize(dto.OutputModalities ?? dto.Modalities!, param, out modalities, out error))
            {
                return false;
            }
        }

        var input = dto.Audio?.Input;
        var output = dto.Audio?.Output;

        AudioFormat? inputFormat = null;
        if (input?.Format is { } gaInput)
        {
            if (!FormatRules.TryRead(gaInput, "session.audio.input.format", out var format, out error))
            {
                return false;
            }

            inputFormat = format;
        }
        else if (dto.InputAudioFormat is { } betaInput)
        {
            if (!FormatRules.TryRead(betaInput, "session.input_audio_format", out var format, out error))
            {
                return false;
            }

            inputFormat = format;
        }

        AudioFormat? outputFormat = null;
        if (output?.Format is { } gaOutput)
        {
            if (!FormatRules.TryRead(gaOutput, "session.audio.output.format", out var format, out error))
            {
                return false;
            }

            outputFormat = format;
        }
        else if (dto.OutputAudioFormat is { } betaOutput)
        {
            if (!FormatRules.TryRead(betaOutput, "session.output_audio_format", out var format, out error))
            {
                return false;
            }

            outputFormat = format;
        }

        Optional<TranscriptionConfig?> transcription = default;
        if (input?.HasTranscription == true)
        {
            transcription = ToTranscription(input.Transcription);
        }
        else if (dto.HasInputAudioTranscription)
        {
            transcription = ToTranscription(dto.InputAudioTranscription);
        }

        Optional<TurnDetectionUpdate?> turnDetection = default;
        if (input?.HasTurnDetection == true || dto.HasTurnDetection)
        {
            var (source, param) = input?.HasTurnDetection == true
                ? (input.TurnDetection, "session.audio.input.turn_detection")
                : (dto.TurnDetection, "session.turn_detection");
            if (source is null)
            {
                turnDetection = new Optional<TurnDetectionUpdate?>(null);
            }
            else if (!TurnDetectionRules.TryRead(source, param, out var turn, out error))
            {
                return false;
            }
            else
            {
                turnDetection = turn;
            }
        }

        var voice = output?.Voice ?? dto.Voice;
        if (voice is not null && string.IsNullOrWhiteSpace(voice))
        {
            error = Invalid(output?.Voice is not null ? "session.audio.output.voice" : "session.voice", "The voice must not be blank.");
            return false;
        }

        var speed = output?.Speed ?? dto.Speed;
        if (speed is { } s && (s < 0.25 || s > 1.5 || double.IsNaN(s)))
        {
            error = Invalid(output?.Speed is not null ? "session.audio.output.speed" : "session.speed", $"Speed {s} is outside 0.25 to 1.5.");
            return false;
        }

        Optional<int?> maxOutputTokens = default;
        if (dto.HasMaxOutputTokens || dto.HasMaxResponseOutputTokens)
        {
            var (element, param) = dto.HasMaxOutputTokens
                ? (dto.MaxOutputTokens, "session.max_output_tokens")
                : (dto.MaxResponseOutputTokens, "session.max_response_output_tokens");
            if (!TokenLimitRules.TryRead(element, param, out var limit, out error))
            {
                return false;
            }

            maxOutputTokens = limit;
        }

        update = new SessionUpdate
        {
            Model = dto.Model,
            OutputModalities = modalities,
            Instructions = dto.Instructions,
            InputFormat = inputFormat,
            Transcription = transcription,
            TurnDetection = turnDetection,
            OutputFormat = outputFormat,
            Voice = voice,
            Speed = speed,
            MaxOutputTokens = maxOutputTokens,
            BinaryOutputAudio = dto.VoiceAgent?.BinaryOutputAudio,
            UsesBetaShape = beta,
        };
        error = null;
        return true;
    }

    private static TranscriptionConfig? ToTranscription(TranscriptionDto? dto) =>
        dto is null ? null : new TranscriptionConfig { Model = dto.Model, Language = dto.Language, Prompt = dto.Prompt };

    private static RealtimeError Invalid(string param, string message) =>
        RealtimeError.InvalidRequest(RealtimeErrorCodes.InvalidValue, message, param);
}
