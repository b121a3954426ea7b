using System.Buffers;
using System.Text.Json;
using VoiceAgent.Realtime.Json;
using VoiceAgent.Realtime.Sessions;

namespace VoiceAgent.Realtime.Events;

/// <summary>
/// Rewrites a GA server event for a beta-dialect client: renamed event types (<c>response.audio.delta</c>, ...),
/// <c>modalities</c> for <c>output_modalities</c>, content part types <c>audio</c>/<c>text</c>, and the flat beta
/// <c>session</c> shape in <c>session.created</c>/<c>session.updated</c>.
/// </summary>
public static class ServerEventDialect
{
    /// <summary>Whether the event needs rewriting for beta clients at all (most events keep their GA form).</summary>
    public static bool NeedsBetaRewrite(string gaType) =>
        BetaEventNames.ToBeta(gaType) != gaType
        || gaType is RealtimeEventTypes.SessionCreated or RealtimeEventTypes.SessionUpdated
            or RealtimeEventTypes.ResponseCreated or RealtimeEventTypes.ResponseDone
            or RealtimeEventTypes.ResponseOutputItemAdded or RealtimeEventTypes.ResponseOutputItemDone
            or RealtimeEventTypes.ResponseContentPartAdded or RealtimeEventTypes.ResponseContentPartDone;

    /// <summary>Writes the beta form of <paramref name="gaJson"/> to <paramref name="output"/>.</summary>
    public static void WriteBeta(ReadOnlySpan<byte> gaJson, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var writer = JsonWriterCache.Rent(output);
        try
        {
            var reader = new Utf8JsonReader(gaJson);
            reader.Read();
            Copy(ref reader, writer, gaJson, depth: 0, parentProperty: null);
        }
        finally
        {
            JsonWriterCache.Return(writer);
        }
    }

    private static void Copy(ref Utf8JsonReader reader, Utf8JsonWriter writer, ReadOnlySpan<byte> json, int depth, string? parentProperty)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                writer.WriteStartObject();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = reader.GetString()!;
                    reader.Read();
                    if (depth == 0 && name == "session" && reader.TokenType == JsonTokenType.StartObject)
                    {
                        writer.WritePropertyName("session"u8);
                        WriteBetaSession(ref reader, writer, json);
                        continue;
                    }

                    if (name == "output_modalities" && reader.TokenType == JsonTokenType.StartArray)
                    {
                        writer.WritePropertyName("modalities"u8);
                        WriteBetaModalities(ref reader, writer);
                        continue;
                    }

                    writer.WritePropertyName(name);
                    Copy(ref reader, writer, json, depth + 1, name);
                }

                writer.WriteEndObject();
                break;
            case JsonTokenType.StartArray:
                writer.WriteStartArray();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    Copy(ref reader, writer, json, depth + 1, parentProperty);
                }

                writer.WriteEndArray();
                break;
            case JsonTokenType.String:
                var value = reader.GetString()!;
                if (parentProperty == "type")
                {
                    value = depth == 1 ? BetaEventNames.ToBeta(value) : value switch
                    {
                        "output_audio" => "audio",
                        "output_text" => "text",
                        _ => value,
                    };
                }

                writer.WriteStringValue(value);
                break;
            case JsonTokenType.Number:
                writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                break;
            case JsonTokenType.True:
                writer.WriteBooleanValue(true);
                break;
            case JsonTokenType.False:
                writer.WriteBooleanValue(false);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    private static void WriteBetaModalities(ref Utf8JsonReader reader, Utf8JsonWriter writer)
    {
        var audio = false;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            audio |= reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("audio"u8);
        }

        writer.WriteStartArray();
        writer.WriteStringValue("text"u8);
        if (audio)
        {
            writer.WriteStringValue("audio"u8);
        }

        writer.WriteEndArray();
    }

    private static void WriteBetaSession(ref Utf8JsonReader reader, Utf8JsonWriter writer, ReadOnlySpan<byte> json)
    {
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        var sessionJson = json[start..((int)reader.BytesConsumed)];
        if (!SessionJson.TryReadConfig(sessionJson, out var config, out _))
        {
            writer.WriteRawValue(sessionJson, skipInputValidation: true);
            return;
        }

        string? id = null;
        string? resumeToken = null;
        var inner = new Utf8JsonReader(sessionJson);
        inner.Read();
        while (inner.Read() && inner.TokenType == JsonTokenType.PropertyName)
        {
            var isId = inner.ValueTextEquals("id"u8);
            var isToken = inner.ValueTextEquals("resume_token"u8);
            inner.Read();
            if (inner.TokenType == JsonTokenType.String && (isId || isToken))
            {
                if (isId)
                {
                    id = inner.GetString();
                }
                else
                {
                    resumeToken = inner.GetString();
                }
            }
            else
            {
                inner.Skip();
            }
        }

        SessionJson.WriteConfig(writer, config, RealtimeDialect.Beta, id, resumeToken);
    }
}
