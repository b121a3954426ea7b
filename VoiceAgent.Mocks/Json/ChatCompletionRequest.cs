using System.Text.Json;

namespace VoiceAgent.Mocks.Json;

/// <summary>The part of an OpenAI chat completion request the mock reads; other fields (temperature...) are ignored.</summary>
internal sealed class ChatCompletionRequest
{
    public string? Model { get; init; }

    public List<ChatMessage>? Messages { get; init; }

    public bool? Stream { get; init; }

    public StreamOptions? StreamOptions { get; init; }

    public int? MaxTokens { get; init; }

    public int? MaxCompletionTokens { get; init; }
}

/// <summary>One message of the conversation; content is a string, an array of content parts, or null.</summary>
internal sealed class ChatMessage
{
    public string? Role { get; init; }

    public JsonElement? Content { get; init; }
}

/// <summary><c>stream_options</c> of a streaming request.</summary>
internal sealed class StreamOptions
{
    public bool? IncludeUsage { get; init; }
}
