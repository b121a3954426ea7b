using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using VoiceAgent.Realtime.Events;

namespace VoiceAgent.Realtime.Sessions;

/// <summary>A token limit: an integer from 1 to 4096, <c>"inf"</c> or null (no limit).</summary>
internal static class TokenLimitRules
{
    public const int Max = 4096;

    public static bool TryRead(JsonElement? element, string param, out int? limit, [NotNullWhen(false)] out RealtimeError? error)
    {
        limit = null;
        error = null;
        if (element is not { } value || value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (value.ValueKind == JsonValueKind.String && value.ValueEquals("inf"))
        {
            return true;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number is >= 1 and <= Max)
        {
            limit = number;
            return true;
        }

        error = RealtimeError.InvalidRequest(RealtimeErrorCodes.InvalidValue, $"'{param}' must be an integer from 1 to {Max} or \"inf\".", param);
        return false;
    }
}
