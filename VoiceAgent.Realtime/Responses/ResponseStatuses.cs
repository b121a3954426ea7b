namespace VoiceAgent.Realtime.Responses;

/// <summary>Values of <c>response.status</c>.</summary>
public static class ResponseStatuses
{
    public const string InProgress = "in_progress";
    public const string Completed = "completed";
    public const string Cancelled = "cancelled";
    public const string Failed = "failed";
    public const string Incomplete = "incomplete";
}
