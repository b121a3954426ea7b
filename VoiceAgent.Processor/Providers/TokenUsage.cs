namespace VoiceAgent.Processor.Providers;

/// <summary>Token counts as the chat completions API reports them.</summary>
internal sealed record TokenUsage(int PromptTokens, int CompletionTokens, int TotalTokens);
