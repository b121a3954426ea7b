namespace VoiceAgent.Processor.Providers;

/// <summary>The three models a turn calls.</summary>
internal enum ProviderKind
{
    Asr,
    Llm,
    Tts,
}
