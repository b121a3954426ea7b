namespace VoiceAgent.Mocks;

/// <summary>The three mock models.</summary>
internal enum MockApi
{
    Asr,
    Llm,
    Tts,
}
