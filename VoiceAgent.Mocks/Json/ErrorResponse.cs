using System.Text.Json.Serialization;

namespace VoiceAgent.Mocks.Json;

/// <summary>The OpenAI error body: <c>{"error":{"message","type","param","code"}}</c>.</summary>
internal sealed class ErrorResponse
{
    public required ErrorBody Error { get; init; }
}

/// <summary>What went wrong.</summary>
internal sealed class ErrorBody
{
    public required string Message { get; init; }

    public required string Type { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Param { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Code { get; init; }
}
