namespace VoiceAgent.Realtime.Responses;

/// <summary>An item of <c>response.output</c>: an assistant message with its content parts.</summary>
public sealed record ResponseOutputItem
{
    public required string Id { get; init; }

    public string Type { get; init; } = "message";

    public string Role { get; init; } = "assistant";

    /// <summary><c>in_progress</c>, <c>completed</c> or <c>incomplete</c>.</summary>
    public string Status { get; init; } = ResponseStatuses.Completed;

    public IReadOnlyList<ResponseContentPart> Content { get; init; } = [];
}
