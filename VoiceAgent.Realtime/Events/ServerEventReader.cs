using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace VoiceAgent.Realtime.Events;

/// <summary>Reads what identifies a server event (type, ids, seq) without materialising the rest.</summary>
public static class ServerEventReader
{
    /// <summary>Reads the header of a server event; false when the JSON is not an object with a string <c>type</c>.</summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> json, out ServerEventHeader header)
    {
        header = default;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            string? type = null;
            string? eventId = null;
            string? responseId = null;
            long? seq = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    type = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (reader.ValueTextEquals("event_id"u8))
                {
                    reader.Read();
                    eventId = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (reader.ValueTextEquals("response_id"u8))
                {
                    reader.Read();
                    responseId = reader.TokenType == JsonTokenType.String ? reader.GetString() : responseId;
                }
                else if (reader.ValueTextEquals("seq"u8))
                {
                    reader.Read();
                    seq = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var s) ? s : null;
                }
                else if (reader.ValueTextEquals("response"u8))
                {
                    reader.Read();
                    responseId = ReadObjectId(ref reader) ?? responseId;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (type is null)
            {
                return false;
            }

            header = new ServerEventHeader(type, eventId, responseId, seq);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// Finds the top-level object property <paramref name="name"/> and returns the reader positioned on its
    /// StartObject; false when absent or not an object.
    /// </summary>
    public static bool TryFindObject(ReadOnlySpan<byte> json, ReadOnlySpan<byte> name, out Utf8JsonReader reader)
    {
        reader = new Utf8JsonReader(json);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var match = reader.ValueTextEquals(name);
                reader.Read();
                if (match)
                {
                    return reader.TokenType == JsonTokenType.StartObject;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
        }

        return false;
    }

    /// <summary>Reads the error object of an <c>error</c> event.</summary>
    public static bool TryReadError(ReadOnlySpan<byte> json, [NotNullWhen(true)] out RealtimeError? error)
    {
        error = null;
        if (!TryFindObject(json, "error"u8, out var reader))
        {
            return false;
        }

        string? type = null, code = null, message = null, param = null, eventId = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            var value = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            reader.Skip();
            switch (name)
            {
                case "type":
                    type = value;
                    break;
                case "code":
                    code = value;
                    break;
                case "message":
                    message = value;
                    break;
                case "param":
                    param = value;
                    break;
                case "event_id":
                    eventId = value;
                    break;
            }
        }

        error = new RealtimeError(type ?? "", code, message ?? "", param, eventId);
        return true;
    }

    private static string? ReadObjectId(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        string? id = null;
        var depth = reader.CurrentDepth;
        while (reader.Read() && !(reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth))
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == depth + 1 && reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                id = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                reader.Skip();
            }
        }

        return id;
    }
}
