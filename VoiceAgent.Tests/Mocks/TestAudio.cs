using System.Buffers.Binary;

namespace VoiceAgent.Tests.Mocks;

/// <summary>Builds and measures test audio: tones, silence, WAV files and raw PCM16.</summary>
public static class TestAudio
{
    public static short[] Tone(double hz, double seconds, double amplitude = 0.25, int sampleRate = 24_000)
    {
        var samples = new short[(int)Math.Round(seconds * sampleRate)];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (short)Math.Round(amplitude * short.MaxValue * Math.Sin(2 * Math.PI * hz * i / sampleRate));
        }

        return samples;
    }

    public static short[] Silence(double seconds, int sampleRate = 24_000) => new short[(int)Math.Round(seconds * sampleRate)];

    public static short[] Concat(params short[][] parts) => [.. parts.SelectMany(p => p)];

    public static byte[] Pcm16(short[] samples)
    {
        var bytes = new byte[samples.Length * 2];
        for (var i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(2 * i), samples[i]);
        }

        return bytes;
    }

    public static short[] FromPcm16(ReadOnlySpan<byte> bytes)
    {
        var samples = new short[bytes.Length / 2];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes[(2 * i)..]);
        }

        return samples;
    }

    /// <summary>A PCM16 WAV file; with several channels every channel carries the same samples.</summary>
    public static byte[] Wav(short[] samples, int sampleRate = 24_000, int channels = 1, int bitsPerSample = 16)
    {
        var bytesPerSample = bitsPerSample / 8;
        var dataBytes = samples.Length * channels * bytesPerSample;
        var wav = new byte[44 + dataBytes];
        var span = wav.AsSpan();
        "RIFF"u8.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], 36 + dataBytes);
        "WAVEfmt "u8.CopyTo(span[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(span[20..], 1);
        BinaryPrimitives.WriteInt16LittleEndian(span[22..], (short)channels);
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(span[28..], sampleRate * channels * bytesPerSample);
        BinaryPrimitives.WriteInt16LittleEndian(span[32..], (short)(channels * bytesPerSample));
        BinaryPrimitives.WriteInt16LittleEndian(span[34..], (short)bitsPerSample);
        "data"u8.CopyTo(span[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[40..], dataBytes);
        var position = 44;
        foreach (var sample in samples)
        {
            for (var channel = 0; channel < channels; channel++)
            {
                if (bytesPerSample == 2)
                {
                    BinaryPrimitives.WriteInt16LittleEndian(span[position..], sample);
                }
                else
                {
                    span[position] = (byte)((sample >> 8) + 128);
                }

                position += bytesPerSample;
            }
        }

        return wav;
    }

    /// <summary>Level in dB relative to full scale.</summary>
    public static double RmsDbfs(ReadOnlySpan<short> samples)
    {
        double sum = 0;
        foreach (var s in samples)
        {
            sum += (double)s * s;
        }

        return 20 * Math.Log10(Math.Sqrt(sum / Math.Max(1, samples.Length)) / 32768);
    }
}
