namespace VoiceAgent.Mocks.Audio;

/// <summary>Mono 16-bit samples and their rate.</summary>
internal sealed record PcmAudio(short[] Samples, int SampleRate)
{
    public const int MinSampleRate = 1000;
    public const int MaxSampleRate = 384_000;

    public TimeSpan Duration => TimeSpan.FromSeconds((double)Samples.Length / SampleRate);

    /// <summary>Raw PCM16 little-endian mono bytes; a trailing odd byte is ignored.</summary>
    public static PcmAudio FromPcm16(ReadOnlySpan<byte> bytes, int sampleRate)
    {
        CheckSampleRate(sampleRate);
        var samples = new short[bytes.Length / 2];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = System.Buffers.Binary.BinaryPrimitives.ReadInt16LittleEndian(bytes[(2 * i)..]);
        }

        return new PcmAudio(samples, sampleRate);
    }

    public static void CheckSampleRate(int sampleRate)
    {
        if (sampleRate is < MinSampleRate or > MaxSampleRate)
        {
            throw new WavFormatException($"A sample rate of {sampleRate} Hz is outside {MinSampleRate} to {MaxSampleRate} Hz.");
        }
    }
}
