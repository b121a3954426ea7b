using System.Text.Json;

namespace VoiceAgent.Processor.Providers;

/// <summary>
/// Reads a <c>chat.completion.chunk</c> (the data of one streamed event) with <see cref="Utf8JsonReader"/>: the first
/// choice's <c>delta.content</c> and <c>finish_reason</c>, and <c>usage</c>; an <c>error</c> object (some servers
/// report failures inside the stream) becomes a <see cref="ProviderException"/>. Everything else is skipped.
/// </summary>
internal static class ChatCompletionChunkParser
{
    public static ChatDelta Parse(ReadOnlySpan<byte> json, bool afterFirstByte)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        Expect(ref reader, JsonTokenType.StartObject);
        string? content = null;
        string? finishReason = null;
        TokenUsage? usage = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("choices"u8))
            {
                reader.Read();
                ReadChoices(ref reader, ref content, ref finishReason);
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                usage = ReadUsage(ref reader);
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                throw ReadError(ref reader, afterFirstByte);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new ChatDelta(content, finishReason, usage);
    }

    private static void ReadChoices(ref Utf8JsonReader reader, ref string? content, ref string? finishReason)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("'choices' is not an array.");
        }

        var first = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (!first || reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            first = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("delta"u8))
                {
                    reader.Read();
                    content = ReadDeltaContent(ref reader);
                }
                else if (reader.ValueTextEquals("finish_reason"u8))
                {
                    reader.Read();
                    finishReason = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
    }

    private static string? ReadDeltaContent(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        string? content = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isContent = reader.ValueTextEquals("content"u8);
            reader.Read();
            if (isContent && reader.TokenType == JsonTokenType.String)
            {
                content = reader.GetString();
            }
            else
            {
                reader.Skip();
            }
        }

        return content;
    }

    private static TokenUsage? ReadUsage(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        int prompt = 0, completion = 0, total = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            ref var target = ref prompt;
            var known = true;
            if (reader.ValueTextEquals("prompt_tokens"u8))
            {
                target = ref prompt;
            }
            else if (reader.ValueTextEquals("completion_tokens"u8))
            {
                target = ref completion;
            }
            else if (reader.ValueTextEquals("total_tokens"u8))
            {
                target = ref total;
            }
            else
            {
                known = false;
            }

            reader.Read();
            if (known && reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value))
            {
                target = value;
            }
            else
            {
                reader.Skip();
            }
        }

        return new TokenUsage(prompt, completion, total == 0 ? prompt + completion : total);
    }

    private static ProviderException ReadError(ref Utf8JsonReader reader, bool afterFirstByte)
    {
        string? message = null;
        if (reader.TokenType == JsonTokenType.String)
        {
            message = reader.GetString();
        }
        else if (reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isMessage = reader.ValueTextEquals("message"u8);
                reader.Read();
                if (isMessage && reader.TokenType == JsonTokenType.String)
                {
                    message = reader.GetString();
                }
                else
                {
                    reader.Skip();
                }
            }
        }

        return new ProviderException(
            ProviderKind.Llm,
            afterFirstByte ? ProviderErrorCodes.StreamBroken : ProviderErrorCodes.Error,
            "The LLM provider reported an error in its stream" + (message is null ? "." : $": {message}"),
            afterFirstByte: afterFirstByte);
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (!reader.Read() || reader.TokenType != type)
        {
            throw new JsonException($"Expected {type} in a chat completion chunk.");
        }
    }
}
