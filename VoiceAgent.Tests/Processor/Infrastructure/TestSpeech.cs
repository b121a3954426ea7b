using VoiceAgent.Tests.Mocks;

namespace VoiceAgent.Tests.Processor.Infrastructure;

/// <summary>Input audio for the processor: tone "speech" the mock ASR hears as words, and silence (PCM16, 24 kHz unless given).</summary>
public static class TestSpeech
{
    /// <summary>A spoken phrase: a tone of <paramref name="seconds"/> (loud enough for the VAD and the mock ASR).</summary>
    public static byte[] Speech(double seconds, double hz = 440, int sampleRate = 24_000) =>
        TestAudio.Pcm16(TestAudio.Tone(hz, seconds, 0.25, sampleRate));

    public static byte[] Silence(double seconds, int sampleRate = 24_000) => TestAudio.Pcm16(TestAudio.Silence(seconds, sampleRate));

    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(part => part)];
}
