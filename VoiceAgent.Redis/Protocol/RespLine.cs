using System.Buffers;

namespace VoiceAgent.Redis.Protocol;

/// <summary>Reads the CR LF terminated lines that carry RESP type headers, lengths and integers.</summary>
internal static class RespLine
{
    // Sign and 19 digits: the longest 64-bit integer.
    private const int MaxIntegerLength = 20;

    public static ReadOnlySpan<byte> CrLf => "\r\n"u8;

    /// <summary>Parses a RESP integer line strictly: an optional minus sign and 1 to 19 decimal digits.</summary>
    public static long ParseInteger(in ReadOnlySequence<byte> line, string what)
    {
        if (line.Length is 0 or > MaxIntegerLength)
        {
            throw Malformed(line, what);
        }

        Span<byte> copy = stackalloc byte[MaxIntegerLength];
        var span = line.IsSingleSegment ? line.FirstSpan : copy[..(int)line.Length];
        if (!line.IsSingleSegment)
        {
            line.CopyTo(copy);
        }

        var negative = span[0] == (byte)'-';
        var digits = negative ? span[1..] : span;
        if (digits.IsEmpty)
        {
            throw Malformed(line, what);
        }

        long value = 0;
        foreach (var b in digits)
        {
            var digit = b - '0';
            if ((uint)digit > 9)
            {
                throw Malformed(line, what);
            }

            // Accumulate negatively so that long.MinValue parses without overflow.
            if (value < (long.MinValue + digit) / 10)
            {
                throw Malformed(line, what);
            }

            value = (value * 10) - digit;
        }

        if (!negative)
        {
            if (value == long.MinValue)
            {
                throw Malformed(line, what);
            }

            value = -value;
        }

        return value;
    }

    public static string Printable(in ReadOnlySequence<byte> bytes, int max = 40)
    {
        var slice = bytes.Length > max ? bytes.Slice(0, max) : bytes;
        var text = new System.Text.StringBuilder();
        foreach (var segment in slice)
        {
            foreach (var b in segment.Span)
            {
                text.Append(b is >= 0x20 and < 0x7F ? (char)b : '.');
            }
        }

        return bytes.Length > max ? text + "..." : text.ToString();
    }

    private static RedisProtocolException Malformed(in ReadOnlySequence<byte> line, string what) =>
        new($"Malformed {what}: '{Printable(line)}' is not a base-10 64-bit integer.");
}
