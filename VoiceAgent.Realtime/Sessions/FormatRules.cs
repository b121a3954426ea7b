using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using VoiceAgent.Realtime.Audio;
using VoiceAgent.Realtime.Events;
using VoiceAgent.Realtime.Json.Dto;

namespace VoiceAgent.Realtime.Sessions;

/// <summary>Audio formats as sent: a GA object <c>{type, rate}</c> or a beta name such as <c>"pcm16"</c>.</summary>
internal static class FormatRules
{
    public static bool TryRead(AudioFormatDto dto, string param, out AudioFormat format, [NotNullWhen(false)] out RealtimeError? error)
    {
        if (dto.Type is null)
        {
            format = default;
            error = RealtimeError.InvalidRequest(RealtimeErrorCodes.MissingRequiredParameter, $"Missing required parameter: '{param}.type'.", param + ".type");
            return false;
        }

        if (!AudioFormat.TryCreate(dto.Type, dto.Rate ?? dto.SampleRate, out format, out var message))
        {
            error = RealtimeError.InvalidRequest(RealtimeErrorCodes.InvalidValue, message, param);
            return false;
        }

        error = null;
        return true;
    }

    public static bool TryRead(JsonElement element, string param, out AudioFormat format, [NotNullWhen(false)] out RealtimeError? error)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                if (!AudioFormat.TryCreate(element.GetString(), null, out format, out var message))
                {
                    error = RealtimeError.InvalidRequest(RealtimeErrorCodes.InvalidValue, message, param);
                    return false;
                }

                error = null;
                return true;
            case JsonValueKind.Object:
                string? type = null;
                int? rate = null;
                foreach (var property in element.EnumerateObject())
                {
                    if (property.NameEquals("type") && property.Value.ValueKind == JsonValueKind.String)
                    {
                        type = property.Value.GetString();
                    }
                    else if ((property.NameEquals("rate") || property.NameEquals("sample_rate")) && property.Value.TryGetInt32(out var r))
                    {
                        rate = r;
                    }
                }

                return TryRead(new AudioFormatDto { Type = type, Rate = rate }, param, out format, out error);
            default:
                format = default;
                error = RealtimeError.InvalidRequest(RealtimeErrorCodes.InvalidType, $"Invalid type for '{param}': expected a format name or object.", param);
                return false;
        }
    }
}
