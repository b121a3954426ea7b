using System.Globalization;
using System.Text;

namespace VoiceAgent.Redis;

/// <summary>
/// Any RESP2 reply, as returned by <see cref="RedisClient.ExecuteAsync(string, RedisArgument[])"/> and by scripts:
/// a simple string, an error (inside an array; a top-level error is thrown as <see cref="RedisServerException"/>),
/// an integer, a bulk string (possibly nil) or an array (possibly nil, possibly nested).
/// </summary>
public sealed class RedisReply
{
    private static readonly RedisReply[] NoElements = [];

    private readonly string? _text;
    private readonly RedisValue _value;
    private readonly long _integer;
    private readonly RedisReply[]? _elements;

    private RedisReply(RedisReplyKind kind, string? text, RedisValue value, long integer, RedisReply[]? elements)
    {
        Kind = kind;
        _text = text;
        _value = value;
        _integer = integer;
        _elements = elements;
    }

    /// <summary>A nil bulk string.</summary>
    public static RedisReply NullBulkString { get; } = new(RedisReplyKind.BulkString, null, RedisValue.Null, 0, null);

    /// <summary>A nil array.</summary>
    public static RedisReply NullArray { get; } = new(RedisReplyKind.Array, null, default, 0, null);

    public RedisReplyKind Kind { get; }

    /// <summary>True for a nil bulk string or a nil array.</summary>
    public bool IsNull => Kind switch
    {
        RedisReplyKind.BulkString => _value.IsNull,
        RedisReplyKind.Array => _elements is null,
        _ => false,
    };

    /// <summary>The elements of an array reply (empty for a nil array).</summary>
    public IReadOnlyList<RedisReply> Elements => Kind == RedisReplyKind.Array
        ? _elements ?? NoElements
        : throw NotA("an array");

    /// <summary>The message of an error reply.</summary>
    public string ErrorMessage => Kind == RedisReplyKind.Error ? _text! : throw NotA("an error");

    public static RedisReply SimpleString(string text) => new(RedisReplyKind.SimpleString, text, default, 0, null);

    public static RedisReply Error(string message) => new(RedisReplyKind.Error, message, default, 0, null);

    public static RedisReply Integer(long value) => new(RedisReplyKind.Integer, null, default, value, null);

    public static RedisReply BulkString(RedisValue value) => new(RedisReplyKind.BulkString, null, value, 0, null);

    public static RedisReply Array(RedisReply[] elements) => new(RedisReplyKind.Array, null, default, 0, elements);

    /// <summary>An integer reply, or a simple/bulk string holding a base-10 integer.</summary>
    public long AsInt64()
    {
        switch (Kind)
        {
            case RedisReplyKind.Integer:
                return _integer;
            case RedisReplyKind.BulkString when _value.TryGetInt64(out var parsed):
                return parsed;
            case RedisReplyKind.SimpleString when long.TryParse(_text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed):
                return parsed;
            default:
                throw NotA("an integer");
        }
    }

    /// <summary>The text of a simple string, bulk string (UTF-8; null when nil) or integer.</summary>
    public string? AsString() => Kind switch
    {
        RedisReplyKind.SimpleString => _text,
        RedisReplyKind.BulkString => _value.ToString(),
        RedisReplyKind.Integer => _integer.ToString(CultureInfo.InvariantCulture),
        _ => throw NotA("a string"),
    };

    /// <summary>The bytes of a bulk string (nil stays nil) or of a simple string.</summary>
    public RedisValue AsValue() => Kind switch
    {
        RedisReplyKind.BulkString => _value,
        RedisReplyKind.SimpleString => new RedisValue(Encoding.UTF8.GetBytes(_text!)),
        _ => throw NotA("a bulk string"),
    };

    /// <summary>A short, readable rendering for logs and test failures.</summary>
    public override string ToString() => Kind switch
    {
        RedisReplyKind.SimpleString => _text!,
        RedisReplyKind.Error => "(error) " + _text,
        RedisReplyKind.Integer => "(integer) " + _integer.ToString(CultureInfo.InvariantCulture),
        RedisReplyKind.BulkString => _value.IsNull ? "(nil)" : "\"" + _value + "\"",
        _ => _elements is null ? "(nil array)" : "[" + string.Join(", ", _elements.Select(e => e.ToString())) + "]",
    };

    private InvalidOperationException NotA(string expected) =>
        new($"The reply is {Describe()}, not {expected}.");

    private string Describe() => Kind switch
    {
        RedisReplyKind.SimpleString => "a simple string",
        RedisReplyKind.Error => "an error",
        RedisReplyKind.Integer => "an integer",
        RedisReplyKind.BulkString => IsNull ? "a nil bulk string" : "a bulk string",
        _ => IsNull ? "a nil array" : "an array",
    };
}
