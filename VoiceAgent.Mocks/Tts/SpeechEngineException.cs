namespace VoiceAgent.Mocks.Tts;

/// <summary>The synthesizer could not speak: not installed, or it failed.</summary>
internal sealed class SpeechEngineException(string message) : Exception(message);
