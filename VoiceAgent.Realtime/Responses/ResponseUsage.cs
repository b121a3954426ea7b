namespace VoiceAgent.Realtime.Responses;

/// <summary><c>response.usage</c>: token counts.</summary>
public sealed record ResponseUsage(int InputTokens, int OutputTokens)
{
    public int TotalTokens => InputTokens + OutputTokens;
}
