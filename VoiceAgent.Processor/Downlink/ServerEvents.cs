using System.Buffers;
using System.Text.Json;
using VoiceAgent.Realtime.Events;
using VoiceAgent.Realtime.Responses;
using VoiceAgent.Realtime.Sessions;

namespace VoiceAgent.Processor.Downlink;

/// <summary>
/// The server events the processor produces, written by VoiceAgent.Realtime's <see cref="ServerEventWriter"/> (GA
/// shapes, without <c>seq</c>, which the gateway adds). Each carries its <c>event_id</c>, the same as the
/// message's <c>event_id</c> property.
/// </summary>
internal static class ServerEvents
{
    public static byte[] SessionUpdated(string eventId, SessionConfig config) =>
        ServerEventWriter.ToUtf8(output => ServerEventWriter.WriteSessionUpdated(output, eventId, config));

    public static byte[] SpeechStarted(string eventId, long audioStartMs, string itemId) =>
        ServerEventWriter.ToUtf8(output => ServerEventWriter.WriteSpeechStarted(output, eventId, (int)audioStartMs, itemId));

    public static byte[] SpeechStopped(string eventId, long audioEndMs, string itemId) =>
        ServerEventWriter.ToUtf8(output => ServerEventWriter.WriteSpeechStopped(output, eventId, (int)audioEndMs, itemId));

    public static byte[] Committed(string eventId, string? previousItemId, string itemId) =>
        ServerEventWriter.ToUtf8(output => ServerEventWriter.WriteCommitted(output, eventId, itemId, previousItemId));

    public static byte[] Cleared(string eventId) =>
        ServerEventWriter.ToUtf8(output => ServerEventWriter.WriteCleared(output, eventId));

    public static byte[] TranscriptionCompleted(string eventId, string itemId, string transcript) =>
        ServerEventWriter.ToUtf8(output => ServerEventWriter.WriteTranscriptionCompleted(output, eventId, itemId, 0, transcript));

    /// <summary>
    /// <c>conversation.item.input_audio_transcription.failed</c> (OpenAI's shape; VoiceAgent.Realtime has no writer for
    /// it): the error's type is <c>transcription_error</c>, its code the provider failure's.
    /// </summary>
    public static byte[] TranscriptionFailed(string eventId, string itemId, string code, string message)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type"u8, RealtimeEventTypes.InputAudioTranscriptionFailed);
            writer.WriteString("event_id"u8, eventId);
            writer.WriteString("item_id"u8, itemId);
            writer.WriteNumber("content_index"u8, 0);
            writer.WriteStartObject("error"u8);
            writer.WriteString("type"u8, "transcription_error");
            writer.WriteString("code"u8, code);
            writer.WriteString("message"u8, message);
            writer.WriteNull("param"u8);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] ItemTruncated(string eventId, string itemId, int contentIndex, long audioEndMs) =>
        ServerEventWriter.ToUtf8(output => ServerEventWriter.WriteConversationItemTruncated(output, eventId, itemId, contentIndex, (int)audioEndMs));

    public static byte[] ResponseCreated(string eventId, string responseId, bool audio) =>
        ServerEventWriter.ToUtf8(output => ServerEventWriter.WriteResponseCreated(output, eventId, new RealtimeResponse
        {
            Id = responseId,
            Status = ResponseStatuses.InProgress,
            OutputModalities = [audio ? Modalities.Audio : Modalities.Text],
        }));

    /// <summary><c>response.output_audio_transcript.delta</c> (audio answers) or <c>response.output_text.delta</c> (text answers).</summary>
    public static byte[] TextDelta(string eventId, bool audio, string responseId, string itemId, string delta)
    {
        var where = new ResponseContentRef(responseId, itemId);
        return audio
            ? ServerEventWriter.ToUtf8(output => ServerEventWriter.WriteOutputAudioTranscriptDelta(output, eventId, where, delta))
            : ServerEventWriter.ToUtf8(output => ServerEventWriter.WriteOutputTextDelta(output, eventId, where, delta));
    }

    public static byte[] ResponseDone(string eventId, ResponseOutcome outcome)
    {
        IReadOnlyList<ResponseOutputItem> output = outcome.Text is null
            ? []
            :
            [
                new ResponseOutputItem
                {
                    Id = outcome.ItemId,
                    Status = outcome.Status == ResponseStatuses.Completed ? ResponseStatuses.Completed : ResponseStatuses.Incomplete,
                    Content = [outcome.Audio ? ResponseContentPart.Audio(outcome.Text) : ResponseContentPart.TextPart(outcome.Text)],
                },
            ];
        var response = new RealtimeResponse
        {
            Id = outcome.ResponseId,
            Status = outcome.Status,
            StatusDetails = outcome.Status == ResponseStatuses.Completed
                ? null
                : new ResponseStatusDetails(
                    outcome.Status,
                    outcome.Reason,
                    outcome.ErrorCode is null ? null : RealtimeErrorTypes.Server,
                    outcome.ErrorCode),
            Output = output,
            OutputModalities = [outcome.Audio ? Modalities.Audio : Modalities.Text],
            Usage = outcome.Usage is { } usage ? new ResponseUsage(usage.PromptTokens, usage.CompletionTokens) : null,
        };
        return ServerEventWriter.ToUtf8(writer => ServerEventWriter.WriteResponseDone(writer, eventId, response));
    }

    /// <summary>An <c>error</c> event; <paramref name="clientEventId"/> names the client event that caused it, if any.</summary>
    public static byte[] Error(string eventId, string type, string code, string message, string? param = null, string? clientEventId = null) =>
        ServerEventWriter.ToUtf8(output => ServerEventWriter.WriteError(output, eventId, new RealtimeError(type, code, message, param, clientEventId)));

    public static byte[] Error(string eventId, RealtimeError error) =>
        ServerEventWriter.ToUtf8(output => ServerEventWriter.WriteError(output, eventId, error));
}
