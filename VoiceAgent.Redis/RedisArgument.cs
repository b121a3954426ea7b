using System.Globalization;
using System.Text;

namespace VoiceAgent.Redis;

/// <summary>
/// One argument of a command, sent as a RESP bulk string: text (written as UTF-8), bytes, or a number.
/// Nothing is copied until the command is written to the connection, so byte buffers passed in must stay
/// unchanged until the command's task completes.
/// </summary>
public readonly struct RedisArgument
{
    private readonly string? _text;
    private readonly ReadOnlyMemory<byte> _bytes;
    private readonly long _number;
    private readonly RedisArgumentKind _kind;

    private RedisArgument(RedisArgumentKind kind, string? text, ReadOnlyMemory<byte> bytes, long number)
    {
        _kind = kind;
        _text = text;
        _bytes = bytes;
        _number = number;
    }

    internal RedisArgumentKind Kind => _kind;

    internal string Text => _text ?? string.Empty;

    internal ReadOnlyMemory<byte> Bytes => _bytes;

    internal long Integer => _number;

    internal double Double => BitConverter.Int64BitsToDouble(_number);

    public static RedisArgument FromText(string text) =>
        new(RedisArgumentKind.Text, text ?? throw new ArgumentNullException(nameof(text), "A Redis argument cannot be null."), default, 0);

    public static RedisArgument FromBytes(ReadOnlyMemory<byte> bytes) => new(RedisArgumentKind.Bytes, null, bytes, 0);

    public static RedisArgument FromInteger(long value) => new(RedisArgumentKind.Integer, null, default, value);

    /// <summary>A floating-point argument in the shortest round-trip form; infinities are sent as <c>+inf</c> and <c>-inf</c>.</summary>
    public static RedisArgument FromDouble(double value) =>
        double.IsNaN(value)
            ? throw new ArgumentOutOfRangeException(nameof(value), "Redis does not accept NaN.")
            : new(RedisArgumentKind.Double, null, default, BitConverter.DoubleToInt64Bits(value));

    public static implicit operator RedisArgument(string text) => FromText(text);

    public static implicit operator RedisArgument(byte[] bytes) =>
        FromBytes(bytes ?? throw new ArgumentNullException(nameof(bytes), "A Redis argument cannot be null."));

    public static implicit operator RedisArgument(ReadOnlyMemory<byte> bytes) => FromBytes(bytes);

    public static implicit operator RedisArgument(long value) => FromInteger(value);

    public static implicit operator RedisArgument(int value) => FromInteger(value);

    public static implicit operator RedisArgument(double value) => FromDouble(value);

    public static implicit operator RedisArgument(RedisValue value) =>
        value.IsNull
            ? throw new ArgumentNullException(nameof(value), "A null RedisValue cannot be sent as an argument.")
            : FromBytes(value.Memory);

    public override string ToString() => _kind switch
    {
        RedisArgumentKind.Text => Text,
        RedisArgumentKind.Bytes => Encoding.UTF8.GetString(_bytes.Span),
        RedisArgumentKind.Integer => _number.ToString(CultureInfo.InvariantCulture),
        RedisArgumentKind.Double => Double.ToString("R", CultureInfo.InvariantCulture),
        _ => string.Empty,
    };
}
