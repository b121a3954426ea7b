using System.Text.Json.Serialization;

namespace VoiceAgent.Mocks.Json;

/// <summary>A whole (non-streamed) chat completion (<c>chat.completion</c>).</summary>
internal sealed class ChatCompletion
{
    public required string Id { get; init; }

    public string Object => "chat.completion";

    public required long Created { get; init; }

    public required string Model { get; init; }

    public required CompletionChoice[] Choices { get; init; }

    public required Usage Usage { get; init; }
}

/// <summary>The only choice of a completion.</summary>
internal sealed class CompletionChoice
{
    public int Index { get; init; }

    public required AssistantMessage Message { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public object? Logprobs => null;

    public required string FinishReason { get; init; }
}

/// <summary>The answer.</summary>
internal sealed class AssistantMessage
{
    public string Role => "assistant";

    public required string Content { get; init; }
}

/// <summary>Token counts; the mock counts words and punctuation marks.</summary>
internal sealed class Usage
{
    public int PromptTokens { get; init; }

    public int CompletionTokens { get; init; }

    public int TotalTokens => PromptTokens + CompletionTokens;
}
