using System.Buffers;
using System.Text.Json;
using VoiceAgent.Realtime.Json;
using VoiceAgent.Realtime.Responses;
using VoiceAgent.Realtime.Sessions;

namespace VoiceAgent.Realtime.Events;

/// <summary>
/// Writes client events as GA JSON: what the gateway forwards on the uplink (normalised from either dialect) and
/// what test clients and load generators send.
/// </summary>
public static class ClientEventWriter
{
    /// <summary>Appends the event's JSON to <paramref name="output"/>.</summary>
    public static void Write(IBufferWriter<byte> output, ClientEvent clientEvent)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(clientEvent);
        var writer = JsonWriterCache.Rent(output);
        try
        {
            Write(writer, clientEvent);
        }
        finally
        {
            JsonWriterCache.Return(writer);
        }
    }

    /// <summary>The event's JSON as a new array.</summary>
    public static byte[] ToUtf8(ClientEvent clientEvent)
    {
        using var buffer = new PooledBufferWriter();
        Write(buffer, clientEvent);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes the event with <paramref name="writer"/>.</summary>
    public static void Write(Utf8JsonWriter writer, ClientEvent clientEvent)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(clientEvent);
        writer.WriteStartObject();
        writer.WriteString("type"u8, clientEvent.Type);
        if (clientEvent.EventId is not null)
        {
            writer.WriteString("event_id"u8, clientEvent.EventId);
        }

        switch (clientEvent)
        {
            case SessionUpdateEvent update:
                writer.WritePropertyName("session"u8);
                SessionJson.WriteUpdate(writer, update.Session);
                break;
            case InputAudioBufferAppendEvent append:
                writer.WriteBase64String("audio"u8, append.Audio.Span);
                break;
            case ResponseCreateEvent { Response: { } response }:
                writer.WritePropertyName("response"u8);
                WriteResponseOptions(writer, response);
                break;
            case ResponseCancelEvent { ResponseId: { } responseId }:
                writer.WriteString("response_id"u8, responseId);
                break;
            case ConversationItemTruncateEvent truncate:
                writer.WriteString("item_id"u8, truncate.ItemId);
                writer.WriteNumber("content_index"u8, truncate.ContentIndex);
                writer.WriteNumber("audio_end_ms"u8, truncate.AudioEndMs);
                break;
        }

        writer.WriteEndObject();
    }

    private static void WriteResponseOptions(Utf8JsonWriter writer, ResponseCreateOptions response)
    {
        writer.WriteStartObject();
        if (response.OutputModalities is not null)
        {
            SessionJson.WriteStrings(writer, "output_modalities"u8, response.OutputModalities);
        }

        if (response.Instructions is not null)
        {
            writer.WriteString("instructions"u8, response.Instructions);
        }

        if (response.Conversation is not null)
        {
            writer.WriteString("conversation"u8, response.Conversation);
        }

        if (response.Metadata is not null)
        {
            writer.WriteStartObject("metadata"u8);
            foreach (var (key, value) in response.Metadata)
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }

        if (response.MaxOutputTokens.HasValue)
        {
            SessionJson.WriteTokenLimit(writer, "max_output_tokens"u8, response.MaxOutputTokens.Value);
        }

        if (response.OutputFormat is not null || response.Voice is not null)
        {
            writer.WriteStartObject("audio"u8);
            writer.WriteStartObject("output"u8);
            if (response.OutputFormat is { } format)
            {
                SessionJson.WriteFormat(writer, "format"u8, format);
            }

            if (response.Voice is not null)
            {
                writer.WriteString("voice"u8, response.Voice);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }
}
