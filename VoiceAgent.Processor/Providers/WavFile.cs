using System.Buffers.Binary;

namespace VoiceAgent.Processor.Providers;

/// <summary>Wraps raw PCM16 mono in a WAV file, the upload format every OpenAI-compatible ASR accepts.</summary>
internal static class WavFile
{
    public const int HeaderBytes = 44;

    /// <summary>A WAV file of <paramref name="pcm16"/> (little-endian, mono) at <paramref name="sampleRate"/>.</summary>
    public static byte[] FromPcm16(ReadOnlySpan<byte> pcm16, int sampleRate)
    {
        var wav = new byte[HeaderBytes + pcm16.Length];
        WriteHeader(wav, pcm16.Length, sampleRate);
        pcm16.CopyTo(wav.AsSpan(HeaderBytes));
        return wav;
    }

    public static void WriteHeader(Span<byte> header, int dataBytes, int sampleRate)
    {
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], 36 + dataBytes);
        "WAVEfmt "u8.CopyTo(header[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(header[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(header[20..], 1);
        BinaryPrimitives.WriteInt16LittleEndian(header[22..], 1);
        BinaryPrimitives.WriteInt32LittleEndian(header[24..], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(header[28..], sampleRate * 2);
        BinaryPrimitives.WriteInt16LittleEndian(header[32..], 2);
        BinaryPrimitives.WriteInt16LittleEndian(header[34..], 16);
        "data"u8.CopyTo(header[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(header[40..], dataBytes);
    }
}
