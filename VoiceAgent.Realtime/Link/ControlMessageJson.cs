using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using VoiceAgent.Realtime.Json;
using VoiceAgent.Realtime.Sessions;

namespace VoiceAgent.Realtime.Link;

/// <summary>Writes and reads the JSON body of control messages.</summary>
public static class ControlMessageJson
{
    public static void Write(IBufferWriter<byte> output, ControlMessage message)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(message);
        var writer = JsonWriterCache.Rent(output);
        try
        {
            writer.WriteStartObject();
            writer.WriteString("type"u8, message.Type);
            if (message.Session is not null)
            {
                writer.WritePropertyName("session"u8);
                SessionJson.WriteConfig(writer, message.Session);
            }

            if (message.LastSeq is { } lastSeq)
            {
                writer.WriteNumber("last_seq"u8, lastSeq);
            }

            if (message.Reason is not null)
            {
                writer.WriteString("reason"u8, message.Reason);
            }

            writer.WriteEndObject();
        }
        finally
        {
            JsonWriterCache.Return(writer);
        }
    }

    public static byte[] ToUtf8(ControlMessage message)
    {
        using var buffer = new PooledBufferWriter();
        Write(buffer, message);
        return buffer.WrittenSpan.ToArray();
    }

    public static bool TryRead(ReadOnlySpan<byte> json, [NotNullWhen(true)] out ControlMessage? message)
    {
        message = null;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            string? type = null;
            SessionConfig? session = null;
            long? lastSeq = null;
            string? reason = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    type = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (reader.ValueTextEquals("session"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartObject || !SessionJson.TryReadConfig(ref reader, out session, out _))
                    {
                        return false;
                    }
                }
                else if (reader.ValueTextEquals("last_seq"u8))
                {
                    reader.Read();
                    lastSeq = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) ? value : null;
                }
                else if (reader.ValueTextEquals("reason"u8))
                {
                    reader.Read();
                    reason = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
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

            message = new ControlMessage(type, session, lastSeq, reason);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
