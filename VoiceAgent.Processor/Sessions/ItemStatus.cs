namespace VoiceAgent.Processor.Sessions;

/// <summary>Statuses of conversation items, as OpenAI Realtime names them.</summary>
internal static class ItemStatus
{
    public const string Completed = "completed";
    public const string Incomplete = "incomplete";
    public const string Failed = "failed";
}
