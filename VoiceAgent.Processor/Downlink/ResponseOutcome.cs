using VoiceAgent.Processor.Providers;

namespace VoiceAgent.Processor.Downlink;

/// <summary>How a response ended, as <c>response.done</c> reports it.</summary>
/// <param name="Text">The answer's delivered transcript (or text); null for no output item.</param>
internal sealed record ResponseOutcome(
    string ResponseId,
    string ItemId,
    string Status,
    bool Audio,
    string? Text,
    string? Reason = null,
    string? ErrorCode = null,
    string? ErrorMessage = null,
    TokenUsage? Usage = null);
