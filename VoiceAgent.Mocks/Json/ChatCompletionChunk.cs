using System.Text.Json.Serialization;

namespace VoiceAgent.Mocks.Json;

/// <summary>One server-sent event of a streamed chat completion (<c>chat.completion.chunk</c>).</summary>
internal sealed class ChatCompletionChunk
{
    public required string Id { get; init; }

    public string Object => "chat.completion.chunk";

    public required long Created { get; init; }

    public required string Model { get; init; }

    public required ChunkChoice[] Choices { get; init; }

    public Usage? Usage { get; init; }
}

/// <summary>The only choice of a chunk.</summary>
internal sealed class ChunkChoice
{
    public int Index { get; init; }

    public required ChunkDelta Delta { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public object? Logprobs => null;

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? FinishReason { get; init; }
}

/// <summary>What a chunk adds to the message: the role first, then content, then nothing with the finish reason.</summary>
internal sealed class ChunkDelta
{
    public string? Role { get; init; }

    public string? Content { get; init; }
}
