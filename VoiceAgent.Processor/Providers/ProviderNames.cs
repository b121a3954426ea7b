namespace VoiceAgent.Processor.Providers;

/// <summary>The names of the providers' HttpClients (and of their resilience pipelines and breakers).</summary>
internal static class ProviderNames
{
    public const string Asr = "asr";
    public const string Llm = "llm";
    public const string Tts = "tts";

    public static string Of(ProviderKind kind) => kind switch
    {
        ProviderKind.Asr => Asr,
        ProviderKind.Llm => Llm,
        _ => Tts,
    };
}
