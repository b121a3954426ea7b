using System.Buffers;
using System.Text.Json;
using VoiceAgent.Realtime.Json;
using VoiceAgent.Realtime.Responses;
using VoiceAgent.Realtime.Sessions;

namespace VoiceAgent.Realtime.Events;

/// <summary>
/// Writes server events as GA JSON (<c>type</c> first, then <c>event_id</c>), without <c>seq</c>: the gateway
/// adds it on delivery. Use a <see cref="PooledBufferWriter"/> as output on hot paths.
/// </summary>
public static class ServerEventWriter
{
    public static void WriteSessionCreated(IBufferWriter<byte> output, string eventId, SessionConfig config, string sessionId, string? resumeToken, RealtimeDialect dialect = RealtimeDialect.Ga)
    {
        var writer = Start(output, RealtimeEventTypes.SessionCreated, eventId);
        writer.WritePropertyName("session"u8);
        SessionJson.WriteConfig(writer, config, dialect, sessionId, resumeToken);
        End(writer);
    }

    public static void WriteSessionUpdated(IBufferWriter<byte> output, string eventId, SessionConfig config, string? sessionId = null, RealtimeDialect dialect = RealtimeDialect.Ga) =>
        WriteSessionUpdated(output, eventId, config, sessionId, resumeToken: null, dialect);

    /// <summary><c>session.updated</c> with a fresh resume token in <c>session.resume_token</c> (what the gateway delivers).</summary>
    public static void WriteSessionUpdated(IBufferWriter<byte> output, string eventId, SessionConfig config, string? sessionId, string? resumeToken, RealtimeDialect dialect = RealtimeDialect.Ga)
    {
        var writer = Start(output, RealtimeEventTypes.SessionUpdated, eventId);
        writer.WritePropertyName("session"u8);
        SessionJson.WriteConfig(writer, config, dialect, sessionId, resumeToken);
        End(writer);
    }

    /// <summary>VoiceAgent's <c>session.resumed</c>: <c>{session: {id, resume_token}, last_seq}</c>.</summary>
    public static void WriteSessionResumed(IBufferWriter<byte> output, string eventId, string sessionId, string resumeToken, long lastSeq)
    {
        var writer = Start(output, RealtimeEventTypes.SessionResumed, eventId);
        writer.WriteStartObject("session"u8);
        writer.WriteString("id"u8, sessionId);
        writer.WriteString("resume_token"u8, resumeToken);
        writer.WriteEndObject();
        writer.WriteNumber("last_seq"u8, lastSeq);
        End(writer);
    }

    /// <summary>VoiceAgent's <c>session.reconnect</c>: <c>{reason}</c>, before close code 1012.</summary>
    public static void WriteSessionReconnect(IBufferWriter<byte> output, string eventId, string reason)
    {
        var writer = Start(output, RealtimeEventTypes.SessionReconnect, eventId);
        writer.WriteString("reason"u8, reason);
        End(writer);
    }

    public static void WriteSpeechStarted(IBufferWriter<byte> output, string eventId, int audioStartMs, string itemId)
    {
        var writer = Start(output, RealtimeEventTypes.InputAudioBufferSpeechStarted, eventId);
        writer.WriteNumber("audio_start_ms"u8, audioStartMs);
        writer.WriteString("item_id"u8, itemId);
        End(writer);
    }

    public static void WriteSpeechStopped(IBufferWriter<byte> output, string eventId, int audioEndMs, string itemId)
    {
        var writer = Start(output, RealtimeEventTypes.InputAudioBufferSpeechStopped, eventId);
        writer.WriteNumber("audio_end_ms"u8, audioEndMs);
        writer.WriteString("item_id"u8, itemId);
        End(writer);
    }

    public static void WriteCommitted(IBufferWriter<byte> output, string eventId, string itemId, string? previousItemId)
    {
        var writer = Start(output, RealtimeEventTypes.InputAudioBufferCommitted, eventId);
        WriteNullable(writer, "previous_item_id"u8, previousItemId);
        writer.WriteString("item_id"u8, itemId);
        End(writer);
    }

    public static void WriteCleared(IBufferWriter<byte> output, string eventId)
    {
        var writer = Start(output, RealtimeEventTypes.InputAudioBufferCleared, eventId);
        End(writer);
    }

    public static void WriteTranscriptionDelta(IBufferWriter<byte> output, string eventId, string itemId, int contentIndex, string delta)
    {
        var writer = Start(output, RealtimeEventTypes.InputAudioTranscriptionDelta, eventId);
        writer.WriteString("item_id"u8, itemId);
        writer.WriteNumber("content_index"u8, contentIndex);
        writer.WriteString("delta"u8, delta);
        End(writer);
    }

    public static void WriteTranscriptionCompleted(IBufferWriter<byte> output, string eventId, string itemId, int contentIndex, string transcript)
    {
        var writer = Start(output, RealtimeEventTypes.InputAudioTranscriptionCompleted, eventId);
        writer.WriteString("item_id"u8, itemId);
        writer.WriteNumber("content_index"u8, contentIndex);
        writer.WriteString("transcript"u8, transcript);
        End(writer);
    }

    public static void WriteConversationItemTruncated(IBufferWriter<byte> output, string eventId, string itemId, int contentIndex, int audioEndMs)
    {
        var writer = Start(output, RealtimeEventTypes.ConversationItemTruncated, eventId);
        writer.WriteString("item_id"u8, itemId);
        writer.WriteNumber("content_index"u8, contentIndex);
        writer.WriteNumber("audio_end_ms"u8, audioEndMs);
        End(writer);
    }

    public static void WriteResponseCreated(IBufferWriter<byte> output, string eventId, RealtimeResponse response)
    {
        var writer = Start(output, RealtimeEventTypes.ResponseCreated, eventId);
        writer.WritePropertyName("response"u8);
        ResponseJson.Write(writer, response);
        End(writer);
    }

    public static void WriteResponseDone(IBufferWriter<byte> output, string eventId, RealtimeResponse response)
    {
        var writer = Start(output, RealtimeEventTypes.ResponseDone, eventId);
        writer.WritePropertyName("response"u8);
        ResponseJson.Write(writer, response);
        End(writer);
    }

    /// <summary><c>response.output_item.added</c> or (<paramref name="done"/>) <c>response.output_item.done</c>.</summary>
    public static void WriteOutputItem(IBufferWriter<byte> output, string eventId, string responseId, int outputIndex, ResponseOutputItem item, bool done)
    {
        var writer = Start(output, done ? RealtimeEventTypes.ResponseOutputItemDone : RealtimeEventTypes.ResponseOutputItemAdded, eventId);
        writer.WriteString("response_id"u8, responseId);
        writer.WriteNumber("output_index"u8, outputIndex);
        writer.WritePropertyName("item"u8);
        ResponseJson.WriteItem(writer, item);
        End(writer);
    }

    /// <summary><c>response.content_part.added</c> or (<paramref name="done"/>) <c>response.content_part.done</c>.</summary>
    public static void WriteContentPart(IBufferWriter<byte> output, string eventId, ResponseContentRef where, ResponseContentPart part, bool done)
    {
        var writer = Start(output, done ? RealtimeEventTypes.ResponseContentPartDone : RealtimeEventTypes.ResponseContentPartAdded, eventId);
        WriteRef(writer, where);
        writer.WritePropertyName("part"u8);
        ResponseJson.WritePart(writer, part);
        End(writer);
    }

    public static void WriteOutputTextDelta(IBufferWriter<byte> output, string eventId, ResponseContentRef where, string delta)
    {
        var writer = Start(output, RealtimeEventTypes.ResponseOutputTextDelta, eventId);
        WriteRef(writer, where);
        writer.WriteString("delta"u8, delta);
        End(writer);
    }

    public static void WriteOutputTextDone(IBufferWriter<byte> output, string eventId, ResponseContentRef where, string text)
    {
        var writer = Start(output, RealtimeEventTypes.ResponseOutputTextDone, eventId);
        WriteRef(writer, where);
        writer.WriteString("text"u8, text);
        End(writer);
    }

    public static void WriteOutputAudioTranscriptDelta(IBufferWriter<byte> output, string eventId, ResponseContentRef where, string delta)
    {
        var writer = Start(output, RealtimeEventTypes.ResponseOutputAudioTranscriptDelta, eventId);
        WriteRef(writer, where);
        writer.WriteString("delta"u8, delta);
        End(writer);
    }

    public static void WriteOutputAudioTranscriptDone(IBufferWriter<byte> output, string eventId, ResponseContentRef where, string transcript)
    {
        var writer = Start(output, RealtimeEventTypes.ResponseOutputAudioTranscriptDone, eventId);
        WriteRef(writer, where);
        writer.WriteString("transcript"u8, transcript);
        End(writer);
    }

    /// <summary><c>response.output_audio.delta</c> with the audio base64-encoded.</summary>
    public static void WriteOutputAudioDelta(IBufferWriter<byte> output, string eventId, ResponseContentRef where, ReadOnlySpan<byte> audio)
    {
        var writer = Start(output, RealtimeEventTypes.ResponseOutputAudioDelta, eventId);
        WriteRef(writer, where);
        writer.WriteBase64String("delta"u8, audio);
        End(writer);
    }

    public static void WriteOutputAudioDone(IBufferWriter<byte> output, string eventId, ResponseContentRef where)
    {
        var writer = Start(output, RealtimeEventTypes.ResponseOutputAudioDone, eventId);
        WriteRef(writer, where);
        End(writer);
    }

    /// <summary>An <c>error</c> event.</summary>
    public static void WriteError(IBufferWriter<byte> output, string eventId, RealtimeError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var writer = Start(output, RealtimeEventTypes.Error, eventId);
        writer.WriteStartObject("error"u8);
        writer.WriteString("type"u8, error.Type);
        WriteNullable(writer, "code"u8, error.Code);
        writer.WriteString("message"u8, error.Message);
        WriteNullable(writer, "param"u8, error.Param);
        WriteNullable(writer, "event_id"u8, error.EventId);
        writer.WriteEndObject();
        End(writer);
    }

    /// <summary>The event's JSON as a new array, for tests and rare events.</summary>
    public static byte[] ToUtf8(Action<IBufferWriter<byte>> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var buffer = new PooledBufferWriter();
        write(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private static Utf8JsonWriter Start(IBufferWriter<byte> output, string type, string eventId)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(eventId);
        var writer = JsonWriterCache.Rent(output);
        writer.WriteStartObject();
        writer.WriteString("type"u8, type);
        writer.WriteString("event_id"u8, eventId);
        return writer;
    }

    private static void End(Utf8JsonWriter writer)
    {
        writer.WriteEndObject();
        JsonWriterCache.Return(writer);
    }

    private static void WriteRef(Utf8JsonWriter writer, ResponseContentRef where)
    {
        writer.WriteString("response_id"u8, where.ResponseId);
        writer.WriteString("item_id"u8, where.ItemId);
        writer.WriteNumber("output_index"u8, where.OutputIndex);
        writer.WriteNumber("content_index"u8, where.ContentIndex);
    }

    private static void WriteNullable(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
