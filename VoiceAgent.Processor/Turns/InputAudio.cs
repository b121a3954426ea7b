using VoiceAgent.Processor.Providers;
using VoiceAgent.Realtime.Audio;
using VoiceAgent.Realtime.Json;

namespace VoiceAgent.Processor.Turns;

/// <summary>
/// Prepares committed input audio for the ASR: PCM16 as it is, G.711 decoded and resampled to 16 kHz, wrapped in a
/// WAV file.
/// </summary>
internal static class InputAudio
{
    /// <summary>A WAV file of the audio; <paramref name="format"/> is the link form, e.g. <c>audio/pcm;rate=16000</c>.</summary>
    public static byte[] ToWav(ReadOnlySpan<byte> audio, string? format)
    {
        if (!AudioFormat.TryParseLinkString(format, out var source))
        {
            source = AudioFormat.Default;
        }

        if (source.Encoding == AudioEncoding.Pcm16)
        {
            return WavFile.FromPcm16(audio[..(audio.Length & ~1)], source.SampleRate);
        }

        using var pcm = new PooledBufferWriter(audio.Length * 4 + 16);
        new AudioConverter(source, AudioFormat.Pcm16k).Convert(audio, pcm);
        return WavFile.FromPcm16(pcm.WrittenSpan, AudioFormat.Pcm16k.SampleRate);
    }
}
