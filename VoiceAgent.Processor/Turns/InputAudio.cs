using VoiceAgent.Processor.Providers;

namespace VoiceAgent.Processor.Turns;

/// <summary>Prepares committed input audio for the ASR: decoded to PCM16 and wrapped in a WAV file.</summary>
internal sealed class InputAudio
{
    /// <summary>A WAV file of the audio; <paramref name="format"/> is the link form, e.g. <c>audio/pcm;rate=16000</c>.</summary>
    public byte[] ToWav(ReadOnlySpan<byte> audio, string? format)
    {
        var rate = format switch
        {
            "audio/pcm;rate=16000" => 16_000,
            _ => 24_000,
        };
        return WavFile.FromPcm16(audio[..(audio.Length & ~1)], rate);
    }
}
