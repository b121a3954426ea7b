using System.Diagnostics.CodeAnalysis;
using VoiceAgent.Realtime.Events;
using VoiceAgent.Realtime.Json.Dto;

namespace VoiceAgent.Realtime.Sessions;

/// <summary>Checks a <c>turn_detection</c> object; <c>semantic_vad</c> is accepted and runs as <c>server_vad</c>.</summary>
internal static class TurnDetectionRules
{
    private const int MaxDurationMs = 60_000;

    public static bool TryRead(TurnDetectionDto dto, string param, [NotNullWhen(true)] out TurnDetectionUpdate? update, [NotNullWhen(false)] out RealtimeError? error)
    {
        update = null;
        string? type = null;
        if (dto.Type is not null)
        {
            if (dto.Type is not (TurnDetectionConfig.ServerVad or "semantic_vad"))
            {
                error = Invalid(param + ".type", $"Unsupported turn detection type '{dto.Type}': use \"server_vad\", or null for manual turns.");
                return false;
            }

            type = TurnDetectionConfig.ServerVad;
        }

        if (dto.Threshold is { } threshold && (threshold < 0 || threshold > 1 || double.IsNaN(threshold)))
        {
            error = Invalid(param + ".threshold", $"Threshold {threshold} is outside 0 to 1.");
            return false;
        }

        if (!InRange(dto.PrefixPaddingMs, param + ".prefix_padding_ms", out error)
            || !InRange(dto.SilenceDurationMs, param + ".silence_duration_ms", out error)
            || !InRange(dto.IdleTimeoutMs, param + ".idle_timeout_ms", out error))
        {
            return false;
        }

        update = new TurnDetectionUpdate
        {
            Type = type,
            Threshold = dto.Threshold,
            PrefixPaddingMs = dto.PrefixPaddingMs,
            SilenceDurationMs = dto.SilenceDurationMs,
            CreateResponse = dto.CreateResponse,
            InterruptResponse = dto.InterruptResponse,
            IdleTimeoutMs = dto.HasIdleTimeoutMs ? new Optional<int?>(dto.IdleTimeoutMs) : default,
        };
        return true;
    }

    private static bool InRange(int? value, string param, [NotNullWhen(false)] out RealtimeError? error)
    {
        if (value is { } v && (v < 0 || v > MaxDurationMs))
        {
            error = Invalid(param, $"{v} ms is outside 0 to {MaxDurationMs} ms.");
            return false;
        }

        error = null;
        return true;
    }

    private static RealtimeError Invalid(string param, string message) =>
        RealtimeError.InvalidRequest(RealtimeErrorCodes.InvalidValue, message, param);
}
