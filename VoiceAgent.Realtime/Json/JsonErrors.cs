using System.Text.Json;
using VoiceAgent.Realtime.Events;

namespace VoiceAgent.Realtime.Json;

/// <summary>Turns what System.Text.Json reports into OpenAI-shaped errors.</summary>
internal static class JsonErrors
{
    /// <summary>
    /// The error for an exception thrown while reading the object at <paramref name="paramPrefix"/> of
    /// <paramref name="frame"/>: <c>invalid_json</c> when the frame is not JSON at all, otherwise
    /// <c>invalid_type</c> naming the field.
    /// </summary>
    public static RealtimeError FromException(JsonException exception, ReadOnlySpan<byte> frame, string paramPrefix)
    {
        if (!IsWellFormed(frame))
        {
            return InvalidJson(exception);
        }

        var param = ToParam(exception.Path, paramPrefix);
        return RealtimeError.InvalidRequest(
            RealtimeErrorCodes.InvalidType,
            $"Invalid type for '{param}'.",
            param);
    }

    public static RealtimeError InvalidJson(JsonException exception)
    {
        var where = exception.BytePositionInLine is { } position ? $" at byte {position + 1}" : "";
        return RealtimeError.InvalidRequest(
            RealtimeErrorCodes.InvalidJson,
            $"The event is not valid JSON{where}: {FirstSentence(exception.Message)}");
    }

    /// <summary><c>$.audio.input.format.rate</c> under <c>session</c> becomes <c>session.audio.input.format.rate</c>.</summary>
    public static string ToParam(string? path, string prefix)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return prefix;
        }

        var rest = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..]
            : path.StartsWith('$') ? path[1..]
            : path;
        return rest.StartsWith('[') ? prefix + rest : $"{prefix}.{rest}";
    }

    public static bool IsWellFormed(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            while (reader.Read())
            {
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        }

        return cut < 0 ? message : message[..cut];
    }
}
