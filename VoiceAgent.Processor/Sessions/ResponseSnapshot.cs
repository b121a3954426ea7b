namespace VoiceAgent.Processor.Sessions;

/// <summary>The session's current (or last) response as stored: identity, status, and publication progress.</summary>
internal sealed record ResponseSnapshot
{
    public required string Id { get; init; }

    public required string Status { get; init; }

    /// <summary>The assistant item the answer becomes.</summary>
    public string ItemId { get; init; } = "";

    /// <summary><c>status_details.reason</c> of a response that did not complete.</summary>
    public string? Reason { get; init; }

    /// <summary>The error of a failed response: code and message.</summary>
    public string? ErrorCode { get; init; }

    public string? ErrorMessage { get; init; }

    public ResponseProgress Progress { get; init; } = ResponseProgress.None;

    /// <summary>Which uplink message cancelled it (<c>connection:useq</c>), so that a redelivery publishes its response.done again.</summary>
    public string? CancelledBy { get; init; }

    /// <summary>Whether the answer has been written to the history (the job is done).</summary>
    public bool Final { get; init; }

    /// <summary>A truncation that arrived before the answer reached the history, applied when it does.</summary>
    public double? PendingTruncateMs { get; init; }

    public bool InProgress => Status == ResponseStatus.InProgress;
}
