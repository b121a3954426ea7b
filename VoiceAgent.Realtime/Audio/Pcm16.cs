using System.Runtime.InteropServices;

namespace VoiceAgent.Realtime.Audio;

/// <summary>Views of little-endian PCM16 bytes as samples.</summary>
public static class Pcm16
{
    /// <summary>The bytes as samples (an odd trailing byte is left out).</summary>
    public static ReadOnlySpan<short> AsSamples(ReadOnlySpan<byte> bytes)
    {
        ThrowIfBigEndian();
        return MemoryMarshal.Cast<byte, short>(bytes);
    }

    /// <summary>The bytes as samples (an odd trailing byte is left out).</summary>
    public static Span<short> AsSamples(Span<byte> bytes)
    {
        ThrowIfBigEndian();
        return MemoryMarshal.Cast<byte, short>(bytes);
    }

    /// <summary>The samples as little-endian bytes.</summary>
    public static ReadOnlySpan<byte> AsBytes(ReadOnlySpan<short> samples)
    {
        ThrowIfBigEndian();
        return MemoryMarshal.AsBytes(samples);
    }

    private static void ThrowIfBigEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("PCM16 views need a little-endian machine.");
        }
    }
}
