using System.Text.Json;
using VoiceAgent.Realtime.Sessions;

namespace VoiceAgent.Realtime.Responses;

/// <summary>Writes response objects, output items and content parts in the GA shape.</summary>
internal static class ResponseJson
{
    public static void Write(Utf8JsonWriter writer, RealtimeResponse response)
    {
        writer.WriteStartObject();
        writer.WriteString("object"u8, "realtime.response"u8);
        writer.WriteString("id"u8, response.Id);
        writer.WriteString("status"u8, response.Status);
        if (response.StatusDetails is { } details)
        {
            writer.WriteStartObject("status_details"u8);
            writer.WriteString("type"u8, details.Type);
            if (details.Reason is not null)
            {
                writer.WriteString("reason"u8, details.Reason);
            }

            if (details.ErrorType is not null || details.ErrorCode is not null)
            {
                writer.WriteStartObject("error"u8);
                writer.WriteString("type"u8, details.ErrorType ?? "server_error");
                if (details.ErrorCode is not null)
                {
                    writer.WriteString("code"u8, details.ErrorCode);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("status_details"u8);
        }

        writer.WriteStartArray("output"u8);
        foreach (var item in response.Output)
        {
            WriteItem(writer, item);
        }

        writer.WriteEndArray();
        SessionJson.WriteStrings(writer, "output_modalities"u8, response.OutputModalities);
        if (response.ConversationId is not null)
        {
            writer.WriteString("conversation_id"u8, response.ConversationId);
        }
        else
        {
            writer.WriteNull("conversation_id"u8);
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
        else
        {
            writer.WriteNull("metadata"u8);
        }

        if (response.Usage is { } usage)
        {
            writer.WriteStartObject("usage"u8);
            writer.WriteNumber("total_tokens"u8, usage.TotalTokens);
            writer.WriteNumber("input_tokens"u8, usage.InputTokens);
            writer.WriteNumber("output_tokens"u8, usage.OutputTokens);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("usage"u8);
        }

        writer.WriteEndObject();
    }

    public static void WriteItem(Utf8JsonWriter writer, ResponseOutputItem item)
    {
        writer.WriteStartObject();
        writer.WriteString("id"u8, item.Id);
        writer.WriteString("object"u8, "realtime.item"u8);
        writer.WriteString("type"u8, item.Type);
        writer.WriteString("status"u8, item.Status);
        writer.WriteString("role"u8, item.Role);
        writer.WriteStartArray("content"u8);
        foreach (var part in item.Content)
        {
            WritePart(writer, part);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    public static void WritePart(Utf8JsonWriter writer, ResponseContentPart part)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, part.Type);
        if (part.Text is not null)
        {
            writer.WriteString("text"u8, part.Text);
        }

        if (part.Transcript is not null)
        {
            writer.WriteString("transcript"u8, part.Transcript);
        }

        writer.WriteEndObject();
    }
}
