using System.Buffers.Binary;

namespace VoiceAgent.Mocks.Tts;

/// <summary>Speech that was synthesized in full before streaming starts.</summary>
internal sealed class PcmSpeech(short[] samples) : ISpeechAudio
{
    private int _next;

    public long TotalBytes => (long)samples.Length * ISpeechAudio.BytesPerSample;

    public int Read(Span<byte> destination)
    {
        var count = Math.Min(destination.Length / ISpeechAudio.BytesPerSample, samples.Length - _next);
        for (var i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(destination[(i * ISpeechAudio.BytesPerSample)..], samples[_next + i]);
        }

        _next += count;
        return count * ISpeechAudio.BytesPerSample;
    }
}
