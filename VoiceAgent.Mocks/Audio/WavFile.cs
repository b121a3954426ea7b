using System.Buffers.Binary;

namespace VoiceAgent.Mocks.Audio;

/// <summary>Reads 16-bit PCM WAV (RIFF) files and writes their header.</summary>
internal static class WavFile
{
    public const int HeaderSize = 44;

    private const ushort FormatPcm = 1;
    private const ushort FormatExtensible = 0xFFFE;

    public static bool LooksLikeWav(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 12 && bytes[..4].SequenceEqual("RIFF"u8) && bytes[8..12].SequenceEqual("WAVE"u8);

    /// <summary>
    /// Decodes a 16-bit PCM WAV file, mixing several channels down to mono. A data chunk whose declared size runs
    /// past the end (as written by tools that stream to a pipe) is read up to the end.
    /// </summary>
    public static PcmAudio Read(ReadOnlySpan<byte> file)
    {
        if (!LooksLikeWav(file))
        {
            throw new WavFormatException("The file is not a RIFF/WAVE file.");
        }

        var position = 12;
        int? sampleRate = null;
        var channels = 0;
        while (position + 8 <= file.Length)
        {
            var id = file.Slice(position, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(file[(position + 4)..]);
            var body = file[(position + 8)..];
            if (id.SequenceEqual("fmt "u8))
            {
                (sampleRate, channels) = ReadFormat(body[..(int)Math.Min(size, (uint)body.Length)]);
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (sampleRate is null)
                {
                    throw new WavFormatException("The WAV data chunk comes before its fmt chunk.");
                }

                var data = body[..(int)Math.Min(size, (uint)body.Length)];
                return new PcmAudio(MixDown(data, channels), sampleRate.Value);
            }

            // Chunks are padded to an even size.
            var next = position + 8L + size + (size & 1);
            if (next > file.Length)
            {
                break;
            }

            position = (int)next;
        }

        throw new WavFormatException(sampleRate is null ? "The WAV file has no fmt chunk." : "The WAV file has no data chunk.");
    }

    /// <summary>Writes the 44-byte header of a PCM16 WAV file holding <paramref name="dataBytes"/> bytes of samples.</summary>
    public static void WriteHeader(Span<byte> destination, int sampleRate, short channels, int dataBytes)
    {
        const short BitsPerSample = 16;
        var blockAlign = (short)(channels * BitsPerSample / 8);
        "RIFF"u8.CopyTo(destination);
        BinaryPrimitives.WriteInt32LittleEndian(destination[4..], 36 + dataBytes);
        "WAVE"u8.CopyTo(destination[8..]);
        "fmt "u8.CopyTo(destination[12..]);
        BinaryPrimitives.WriteInt32LittleEndian(destination[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(destination[20..], (short)FormatPcm);
        BinaryPrimitives.WriteInt16LittleEndian(destination[22..], channels);
        BinaryPrimitives.WriteInt32LittleEndian(destination[24..], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(destination[28..], sampleRate * blockAlign);
        BinaryPrimitives.WriteInt16LittleEndian(destination[32..], blockAlign);
        BinaryPrimitives.WriteInt16LittleEndian(destination[34..], BitsPerSample);
        "data"u8.CopyTo(destination[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(destination[40..], dataBytes);
    }

    private static (int SampleRate, int Channels) ReadFormat(ReadOnlySpan<byte> fmt)
    {
        if (fmt.Length < 16)
        {
            throw new WavFormatException("The WAV fmt chunk is too short.");
        }

        var format = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
        var channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt[2..]);
        var sampleRate = BinaryPrimitives.ReadInt32LittleEndian(fmt[4..]);
        var bitsPerSample = BinaryPrimitives.ReadUInt16LittleEndian(fmt[14..]);
        if (format == FormatExtensible && fmt.Length >= 26)
        {
            // WAVE_FORMAT_EXTENSIBLE: the real format is the first two bytes of the sub-format GUID.
            format = BinaryPrimitives.ReadUInt16LittleEndian(fmt[24..]);
        }

        if (format != FormatPcm || bitsPerSample != 16)
        {
            throw new WavFormatException($"Only 16-bit PCM WAV is supported (this file has format {format}, {bitsPerSample} bits per sample).");
        }

        if (channels == 0)
        {
            throw new WavFormatException("The WAV file declares no channels.");
        }

        PcmAudio.CheckSampleRate(sampleRate);
        return (sampleRate, channels);
    }

    private static short[] MixDown(ReadOnlySpan<byte> data, int channels)
    {
        var frames = data.Length / (2 * channels);
        var samples = new short[frames];
        for (var frame = 0; frame < frames; frame++)
        {
            var sum = 0;
            for (var channel = 0; channel < channels; channel++)
            {
                sum += BinaryPrimitives.ReadInt16LittleEndian(data[(2 * ((frame * channels) + channel))..]);
            }

            samples[frame] = (short)(sum / channels);
        }

        return samples;
    }
}
