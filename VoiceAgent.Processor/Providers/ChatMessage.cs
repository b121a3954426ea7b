namespace VoiceAgent.Processor.Providers;

/// <summary>One message of a chat completion request.</summary>
internal sealed record ChatMessage(string Role, string Content);
