using System.Buffers;
using System.Text;

namespace VoiceAgent.Grpc.Internal;

/// <summary>
/// The <c>grpc-message</c> encoding: UTF-8, with bytes outside printable ASCII (0x20-0x7E) and '%' written as %XX.
/// </summary>
internal static class PercentEncoding
{
    public static string Encode(string value)
    {
        if (!NeedsEncoding(value))
        {
            return value;
        }

        var maxBytes = Encoding.UTF8.GetMaxByteCount(value.Length);
        var rented = ArrayPool<byte>.Shared.Rent(maxBytes);
        try
        {
            var count = Encoding.UTF8.GetBytes(value, rented);
            var builder = new StringBuilder(count * 3);
            foreach (var b in rented.AsSpan(0, count))
            {
                if (b is >= 0x20 and <= 0x7E and not (byte)'%')
                {
                    builder.Append((char)b);
                }
                else
                {
                    builder.Append('%').Append(HexDigit(b >> 4)).Append(HexDigit(b & 0xF));
                }
            }

            return builder.ToString();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Decodes %XX sequences as UTF-8; a malformed sequence is kept as it is, as the protocol asks.</summary>
    public static string Decode(string value)
    {
        if (!value.Contains('%'))
        {
            return value;
        }

        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(value.Length));
        try
        {
            var count = 0;
            var i = 0;
            while (i < value.Length)
            {
                if (value[i] == '%' && i + 2 < value.Length && TryHex(value[i + 1], out var high) && TryHex(value[i + 2], out var low))
                {
                    rented[count++] = (byte)((high << 4) | low);
                    i += 3;
                    continue;
                }

                // Copy the run up to the next '%' as it is (a lone '%' stays a '%').
                var next = value.IndexOf('%', i + 1);
                var end = next < 0 ? value.Length : next;
                count += Encoding.UTF8.GetBytes(value.AsSpan(i, end - i), rented.AsSpan(count));
                i = end;
            }

            return Encoding.UTF8.GetString(rented, 0, count);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static bool NeedsEncoding(string value)
    {
        foreach (var c in value)
        {
            if (c is < (char)0x20 or > (char)0x7E or '%')
            {
                return true;
            }
        }

        return false;
    }

    private static char HexDigit(int value) => (char)(value < 10 ? '0' + value : 'A' + value - 10);

    private static bool TryHex(char c, out int value)
    {
        value = c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'a' and <= 'f' => c - 'a' + 10,
            >= 'A' and <= 'F' => c - 'A' + 10,
            _ => -1,
        };
        return value >= 0;
    }
}
