using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace VoiceAgent.Redis.Protocol;

/// <summary>
/// Writes commands the way Redis expects them from clients: a RESP array of bulk strings, encoded straight into
/// the connection's buffers.
/// </summary>
internal static class RespCommandWriter
{
    // '$' or '*', up to 20 characters of a 64-bit length, CR LF.
    private const int MaxHeaderLength = 1 + 20 + 2;

    // Text up to this many UTF-8 bytes is encoded in one buffer request together with its header.
    private const int InlineTextLimit = 4096;

    private static ReadOnlySpan<byte> CrLf => "\r\n"u8;

    public static void Write(IBufferWriter<byte> output, RedisCommand command, ReadOnlySpan<RedisArgument> arguments)
    {
        WriteHeader(output, (byte)'*', command.WordCount + arguments.Length);
        output.Write(command.EncodedWords);
        foreach (ref readonly var argument in arguments)
        {
            WriteArgument(output, argument);
        }
    }

    public static void WriteArgument(IBufferWriter<byte> output, in RedisArgument argument)
    {
        switch (argument.Kind)
        {
            case RedisArgumentKind.Text:
                WriteText(output, argument.Text);
                break;
            case RedisArgumentKind.Bytes:
                WriteBulk(output, argument.Bytes.Span);
                break;
            case RedisArgumentKind.Integer:
                WriteInteger(output, argument.Integer);
                break;
            case RedisArgumentKind.Double:
                WriteDouble(output, argument.Double);
                break;
            default:
                WriteBulk(output, []);
                break;
        }
    }

    private static void WriteText(IBufferWriter<byte> output, string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        if (length <= InlineTextLimit)
        {
            var span = output.GetSpan(MaxHeaderLength + length + CrLf.Length);
            var written = FormatHeader(span, (byte)'$', length);
            written += Encoding.UTF8.GetBytes(text, span[written..]);
            CrLf.CopyTo(span[written..]);
            output.Advance(written + CrLf.Length);
            return;
        }

        WriteHeader(output, (byte)'$', length);
        Encoding.UTF8.GetBytes(text.AsSpan(), output);
        output.Write(CrLf);
    }

    private static void WriteBulk(IBufferWriter<byte> output, ReadOnlySpan<byte> payload)
    {
        if (payload.Length <= InlineTextLimit)
        {
            var span = output.GetSpan(MaxHeaderLength + payload.Length + CrLf.Length);
            var written = FormatHeader(span, (byte)'$', payload.Length);
            payload.CopyTo(span[written..]);
            written += payload.Length;
            CrLf.CopyTo(span[written..]);
            output.Advance(written + CrLf.Length);
            return;
        }

        WriteHeader(output, (byte)'$', payload.Length);
        output.Write(payload);
        output.Write(CrLf);
    }

    private static void WriteInteger(IBufferWriter<byte> output, long value)
    {
        Span<byte> digits = stackalloc byte[20];
        Utf8Formatter.TryFormat(value, digits, out var count);
        WriteBulk(output, digits[..count]);
    }

    private static void WriteDouble(IBufferWriter<byte> output, double value)
    {
        if (double.IsPositiveInfinity(value))
        {
            WriteBulk(output, "+inf"u8);
            return;
        }

        if (double.IsNegativeInfinity(value))
        {
            WriteBulk(output, "-inf"u8);
            return;
        }

        Span<byte> text = stackalloc byte[32];
        value.TryFormat(text, out var count, "R", CultureInfo.InvariantCulture);
        WriteBulk(output, text[..count]);
    }

    private static void WriteHeader(IBufferWriter<byte> output, byte prefix, long length)
    {
        var span = output.GetSpan(MaxHeaderLength);
        output.Advance(FormatHeader(span, prefix, length));
    }

    private static int FormatHeader(Span<byte> span, byte prefix, long length)
    {
        span[0] = prefix;
        Utf8Formatter.TryFormat(length, span[1..], out var digits);
        CrLf.CopyTo(span[(1 + digits)..]);
        return 1 + digits + CrLf.Length;
    }
}
