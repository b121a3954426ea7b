namespace VoiceAgent.Processor.Providers;

/// <summary>The three model providers, bound from <c>VoiceAgent:Providers</c>.</summary>
public sealed class ProvidersOptions
{
    public const string SectionName = "VoiceAgent:Providers";

    public ProviderOptions Asr { get; set; } = new() { Model = "whisper-1" };

    public ProviderOptions Llm { get; set; } = new() { Model = "gpt-4o-mini" };

    public ProviderOptions Tts { get; set; } = new() { Model = "gpt-4o-mini-tts" };
}
