using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using VoiceAgent.Realtime.Audio;
using VoiceAgent.Realtime.Events;
using VoiceAgent.Realtime.Json;
using VoiceAgent.Realtime.Sessions;

namespace VoiceAgent.Realtime.Responses;

/// <summary>Reads the <c>response</c> object of <c>response.create</c> (GA or beta fields).</summary>
internal static class ResponseCreateReader
{
    private const string Prefix = "response";

    public static bool TryRead(
        ref Utf8JsonReader reader,
        ReadOnlySpan<byte> frame,
        [NotNullWhen(true)] out ResponseCreateOptions? options,
        [NotNullWhen(false)] out RealtimeError? error)
    {
        options = null;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            error = RealtimeError.InvalidRequest(RealtimeErrorCodes.InvalidType, "'response' must be an object.", Prefix);
            return false;
        }

        Json.Dto.ResponseDto dto;
        // A failed read leaves its reader anywhere: read with a copy, and skip the object with the original.
        var attempt = reader;
        try
        {
            dto = JsonSerializer.Deserialize(ref attempt, RealtimeJsonContext.Default.ResponseDto)!;
        }
        catch (JsonException e)
        {
            reader.Skip();
            error = JsonErrors.FromException(e, frame, Prefix);
            return false;
        }

        reader = attempt;

        IReadOnlyList<string>? modalities = null;
        if ((dto.OutputModalities ?? dto.Modalities) is { } values)
        {
            var param = dto.OutputModalities is not null ? "response.output_modalities" : "response.modalities";
            if (!ModalityRules.TryNormalize(values, param, out modalities, out error))
            {
                return false;
            }
        }

        if (dto.Conversation is not null and not ("auto" or "none"))
        {
            error = RealtimeError.InvalidRequest(RealtimeErrorCodes.InvalidValue, "'response.conversation' must be \"auto\" or \"none\".", "response.conversation");
            return false;
        }

        AudioFormat? format = null;
        if (dto.Audio?.Output?.Format is { } gaFormat)
        {
            if (!FormatRules.TryRead(gaFormat, "response.audio.output.format", out var f, out error))
            {
                return false;
            }

            format = f;
        }
        else if (dto.OutputAudioFormat is { } betaFormat)
        {
            if (!FormatRules.TryRead(betaFormat, "response.output_audio_format", out var f, out error))
            {
                return false;
            }

            format = f;
        }

        Optional<int?> maxTokens = default;
        if (dto.HasMaxOutputTokens)
        {
            if (!TokenLimitRules.TryRead(dto.MaxOutputTokens, "response.max_output_tokens", out var limit, out error))
            {
                return false;
            }

            maxTokens = limit;
        }

        options = new ResponseCreateOptions
        {
            OutputModalities = modalities,
            Instructions = dto.Instructions,
            Conversation = dto.Conversation,
            Metadata = dto.Metadata,
            MaxOutputTokens = maxTokens,
            OutputFormat = format,
            Voice = dto.Audio?.Output?.Voice ?? dto.Voice,
        };
        error = null;
        return true;
    }
}
