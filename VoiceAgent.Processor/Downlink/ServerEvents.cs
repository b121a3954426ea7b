using System.Buffers;
using System.Text.Json;

namespace VoiceAgent.Processor.Downlink;

/// <summary>
/// Writes the server events the processor produces, in OpenAI Realtime's GA shapes (without <c>seq</c>, which the
/// gateway adds). Each carries its <c>event_id</c>, the same as the message's <c>event_id</c> property.
/// </summary>
internal static class ServerEvents
{
    public static byte[] SpeechStarted(string eventId, long audioStartMs, string itemId) => Write(eventId, "input_audio_buffer.speech_started", json =>
    {
        json.WriteNumber("audio_start_ms"u8, audioStartMs);
        json.WriteString("item_id"u8, itemId);
    });

    public static byte[] SpeechStopped(string eventId, long audioEndMs, string itemId) => Write(eventId, "input_audio_buffer.speech_stopped", json =>
    {
        json.WriteNumber("audio_end_ms"u8, audioEndMs);
        json.WriteString("item_id"u8, itemId);
    });

    public static byte[] Committed(string eventId, string? previousItemId, string itemId) => Write(eventId, "input_audio_buffer.committed", json =>
    {
        WriteNullableString(json, "previous_item_id"u8, previousItemId);
        json.WriteString("item_id"u8, itemId);
    });

    public static byte[] Cleared(string eventId) => Write(eventId, "input_audio_buffer.cleared", static _ => { });

    public static byte[] TranscriptionCompleted(string eventId, string itemId, string transcript) =>
        Write(eventId, "conversation.item.input_audio_transcription.completed", json =>
        {
            json.WriteString("item_id"u8, itemId);
            json.WriteNumber("content_index"u8, 0);
            json.WriteString("transcript"u8, transcript);
        });

    public static byte[] ItemTruncated(string eventId, string itemId, int contentIndex, long audioEndMs) => Write(eventId, "conversation.item.truncated", json =>
    {
        json.WriteString("item_id"u8, itemId);
        json.WriteNumber("content_index"u8, contentIndex);
        json.WriteNumber("audio_end_ms"u8, audioEndMs);
    });

    public static byte[] ResponseCreated(string eventId, string responseId, bool audio) => Write(eventId, "response.created", json =>
    {
        json.WriteStartObject("response"u8);
        json.WriteString("object"u8, "realtime.response");
        json.WriteString("id"u8, responseId);
        json.WriteString("status"u8, "in_progress");
        json.WriteNull("status_details"u8);
        json.WriteStartArray("output"u8);
        json.WriteEndArray();
        WriteModalities(json, audio);
        json.WriteNull("usage"u8);
        json.WriteEndObject();
    });

    /// <summary><c>response.output_audio_transcript.delta</c> (audio answers) or <c>response.output_text.delta</c> (text answers).</summary>
    public static byte[] TextDelta(string eventId, bool audio, string responseId, string itemId, string delta) =>
        Write(eventId, audio ? "response.output_audio_transcript.delta" : "response.output_text.delta", json =>
        {
            json.WriteString("response_id"u8, responseId);
            json.WriteString("item_id"u8, itemId);
            json.WriteNumber("output_index"u8, 0);
            json.WriteNumber("content_index"u8, 0);
            json.WriteString("delta"u8, delta);
        });

    public static byte[] ResponseDone(string eventId, ResponseOutcome outcome) => Write(eventId, "response.done", json =>
    {
        json.WriteStartObject("response"u8);
        json.WriteString("object"u8, "realtime.response");
        json.WriteString("id"u8, outcome.ResponseId);
        json.WriteString("status"u8, outcome.Status);
        WriteStatusDetails(json, outcome);
        json.WriteStartArray("output"u8);
        if (outcome.Text is not null)
        {
            json.WriteStartObject();
            json.WriteString("id"u8, outcome.ItemId);
            json.WriteString("object"u8, "realtime.item");
            json.WriteString("type"u8, "message");
            json.WriteString("role"u8, "assistant");
            json.WriteString("status"u8, outcome.Status == "completed" ? "completed" : "incomplete");
            json.WriteStartArray("content"u8);
            json.WriteStartObject();
            if (outcome.Audio)
            {
                json.WriteString("type"u8, "output_audio");
                json.WriteString("transcript"u8, outcome.Text);
            }
            else
            {
                json.WriteString("type"u8, "output_text");
                json.WriteString("text"u8, outcome.Text);
            }

            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        WriteModalities(json, outcome.Audio);
        if (outcome.Usage is { } usage)
        {
            json.WriteStartObject("usage"u8);
            json.WriteNumber("total_tokens"u8, usage.TotalTokens);
            json.WriteNumber("input_tokens"u8, usage.PromptTokens);
            json.WriteNumber("output_tokens"u8, usage.CompletionTokens);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("usage"u8);
        }

        json.WriteEndObject();
    });

    /// <summary>An <c>error</c> event; <paramref name="clientEventId"/> names the client event that caused it, if any.</summary>
    public static byte[] Error(string eventId, string type, string code, string message, string? param = null, string? clientEventId = null) =>
        Write(eventId, "error", json =>
        {
            json.WriteStartObject("error"u8);
            json.WriteString("type"u8, type);
            json.WriteString("code"u8, code);
            json.WriteString("message"u8, message);
            WriteNullableString(json, "param"u8, param);
            WriteNullableString(json, "event_id"u8, clientEventId);
            json.WriteEndObject();
        });

    private static void WriteStatusDetails(Utf8JsonWriter json, ResponseOutcome outcome)
    {
        if (outcome.Status == "completed")
        {
            json.WriteNull("status_details"u8);
            return;
        }

        json.WriteStartObject("status_details"u8);
        json.WriteString("type"u8, outcome.Status);
        if (outcome.Reason is { } reason)
        {
            json.WriteString("reason"u8, reason);
        }

        if (outcome.ErrorCode is { } code)
        {
            json.WriteStartObject("error"u8);
            json.WriteString("type"u8, "server_error");
            json.WriteString("code"u8, code);
            json.WriteString("message"u8, outcome.ErrorMessage ?? code);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void WriteModalities(Utf8JsonWriter json, bool audio)
    {
        json.WriteStartArray("output_modalities"u8);
        json.WriteStringValue(audio ? "audio" : "text");
        json.WriteEndArray();
    }

    private static void WriteNullableString(Utf8JsonWriter json, ReadOnlySpan<byte> name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static byte[] Write(string eventId, string type, Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type"u8, type);
            json.WriteString("event_id"u8, eventId);
            body(json);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
