namespace VoiceAgent.Realtime.Responses;

/// <summary>
/// <c>response.status_details</c>: why a response ended as it did, e.g. <c>{type: "cancelled", reason:
/// "turn_detected" | "client_cancelled"}</c>, <c>{type: "incomplete", reason: "max_output_tokens"}</c>,
/// <c>{type: "failed", error: {type, code}}</c>.
/// </summary>
public sealed record ResponseStatusDetails(string Type, string? Reason = null, string? ErrorType = null, string? ErrorCode = null);
