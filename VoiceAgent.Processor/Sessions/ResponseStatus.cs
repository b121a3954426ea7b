namespace VoiceAgent.Processor.Sessions;

/// <summary>The statuses of a response, as <c>response.done</c> reports them.</summary>
internal static class ResponseStatus
{
    public const string InProgress = "in_progress";
    public const string Completed = "completed";
    public const string Cancelled = "cancelled";
    public const string Failed = "failed";
    public const string Incomplete = "incomplete";
}
