using System.Numerics;

namespace VoiceAgent.Realtime.Audio;

/// <summary>
/// ITU-T G.711 µ-law and A-law companding between 8-bit code words and signed 16-bit PCM samples.
/// Decoding uses 256-entry tables; encoding is computed per sample.
/// </summary>
public static class G711
{
    private const int MuLawBias = 0x84;
    private const int MuLawClip = 32635;

    private static readonly short[] MuLawTable = BuildTable(DecodeMuLawSlow);
    private static readonly short[] ALawTable = BuildTable(DecodeALawSlow);

    /// <summary>Encodes one PCM16 sample as a µ-law code word.</summary>
    public static byte EncodeMuLaw(short sample)
    {
        int value = sample;
        var sign = 0;
        if (value < 0)
        {
            sign = 0x80;
            value = -value;
        }

        value = Math.Min(value, MuLawClip) + MuLawBias;
        // The segment is the position of the highest set bit above bit 7 (value is at least 0x84).
        var exponent = 31 - BitOperations.LeadingZeroCount((uint)value) - 7;
        var mantissa = (value >> (exponent + 3)) & 0x0F;
        return (byte)~(sign | (exponent << 4) | mantissa);
    }

    /// <summary>Decodes one µ-law code word.</summary>
    public static short DecodeMuLaw(byte code) => MuLawTable[code];

    /// <summary>Encodes one PCM16 sample as an A-law code word.</summary>
    public static byte EncodeALaw(short sample)
    {
        var value = sample >> 3;
        int mask;
        if (value >= 0)
        {
            mask = 0xD5;
        }
        else
        {
            mask = 0x55;
            value = -value - 1;
        }

        // Segment boundaries of the 13-bit magnitude: 0x1F, 0x3F, 0x7F, ... 0xFFF.
        var segment = value <= 0x1F ? 0 : 32 - BitOperations.LeadingZeroCount((uint)value) - 5;
        if (segment >= 8)
        {
            return (byte)(0x7F ^ mask);
        }

        var code = segment << 4;
        code |= segment < 2 ? (value >> 1) & 0x0F : (value >> segment) & 0x0F;
        return (byte)(code ^ mask);
    }

    /// <summary>Decodes one A-law code word.</summary>
    public static short DecodeALaw(byte code) => ALawTable[code];

    /// <summary>Encodes PCM16 samples into µ-law; <paramref name="destination"/> needs one byte per sample.</summary>
    public static void EncodeMuLaw(ReadOnlySpan<short> samples, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, samples.Length, nameof(destination));
        for (var i = 0; i < samples.Length; i++)
        {
            destination[i] = EncodeMuLaw(samples[i]);
        }
    }

    /// <summary>Decodes µ-law into PCM16 samples; <paramref name="destination"/> needs one sample per byte.</summary>
    public static void DecodeMuLaw(ReadOnlySpan<byte> codes, Span<short> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, codes.Length, nameof(destination));
        for (var i = 0; i < codes.Length; i++)
        {
            destination[i] = MuLawTable[codes[i]];
        }
    }

    /// <summary>Encodes PCM16 samples into A-law; <paramref name="destination"/> needs one byte per sample.</summary>
    public static void EncodeALaw(ReadOnlySpan<short> samples, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, samples.Length, nameof(destination));
        for (var i = 0; i < samples.Length; i++)
        {
            destination[i] = EncodeALaw(samples[i]);
        }
    }

    /// <summary>Decodes A-law into PCM16 samples; <paramref name="destination"/> needs one sample per byte.</summary>
    public static void DecodeALaw(ReadOnlySpan<byte> codes, Span<short> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, codes.Length, nameof(destination));
        for (var i = 0; i < codes.Length; i++)
        {
            destination[i] = ALawTable[codes[i]];
        }
    }

    private static short DecodeMuLawSlow(byte code)
    {
        var inverted = ~code & 0xFF;
        var exponent = (inverted >> 4) & 0x07;
        var mantissa = inverted & 0x0F;
        var magnitude = (((mantissa << 3) + MuLawBias) << exponent) - MuLawBias;
        return (short)((inverted & 0x80) != 0 ? -magnitude : magnitude);
    }

    private static short DecodeALawSlow(byte code)
    {
        var value = code ^ 0x55;
        var magnitude = (value & 0x0F) << 4;
        var segment = (value & 0x70) >> 4;
        magnitude = segment switch
        {
            0 => magnitude + 8,
            1 => magnitude + 0x108,
            _ => (magnitude + 0x108) << (segment - 1),
        };
        return (short)((value & 0x80) != 0 ? magnitude : -magnitude);
    }

    private static short[] BuildTable(Func<byte, short> decode)
    {
        var table = new short[256];
        for (var i = 0; i < table.Length; i++)
        {
            table[i] = decode((byte)i);
        }

        return table;
    }
}
