namespace VoiceAgent.Realtime.Responses;

/// <summary>The <c>response</c> object of <c>response.created</c> and <c>response.done</c>.</summary>
public sealed record RealtimeResponse
{
    public required string Id { get; init; }

    /// <summary>See <see cref="ResponseStatuses"/>.</summary>
    public string Status { get; init; } = ResponseStatuses.InProgress;

    public ResponseStatusDetails? StatusDetails { get; init; }

    public IReadOnlyList<ResponseOutputItem> Output { get; init; } = [];

    public IReadOnlyList<string> OutputModalities { get; init; } = [Sessions.Modalities.Audio];

    /// <summary><c>auto</c> conversation id or null for an out-of-band response.</summary>
    public string? ConversationId { get; init; }

    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    public ResponseUsage? Usage { get; init; }
}
