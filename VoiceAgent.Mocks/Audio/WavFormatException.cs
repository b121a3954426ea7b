namespace VoiceAgent.Mocks.Audio;

/// <summary>Audio bytes that are not the PCM the mock understands.</summary>
internal sealed class WavFormatException(string message) : Exception(message);
