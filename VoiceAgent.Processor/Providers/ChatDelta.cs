namespace VoiceAgent.Processor.Providers;

/// <summary>What one streamed chat completion chunk carried: content text, the finish reason, token usage.</summary>
internal readonly record struct ChatDelta(string? Content, string? FinishReason, TokenUsage? Usage);
