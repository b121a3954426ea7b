namespace VoiceAgent.Redis.Protocol;

/// <summary>The decoders of the typed commands' replies.</summary>
internal static class ReplyDecoders
{
    public static readonly ReplyDecoder<long> Integer = static (ref RespReader r) => r.ReadInteger();

    /// <summary>An integer reply of 1 or 0 (EXPIRE, EXISTS of one key, ...).</summary>
    public static readonly ReplyDecoder<bool> IntegerIsOne = static (ref RespReader r) => r.ReadInteger() == 1;

    public static readonly ReplyDecoder<RedisValue> Value = static (ref RespReader r) => r.ReadValue();

    public static readonly ReplyDecoder<string?> String = static (ref RespReader r) => r.ReadString();

    public static readonly ReplyDecoder<RedisReply> Reply = static (ref RespReader r) => r.ReadReply();

    /// <summary>A simple-string status such as <c>OK</c> or <c>PONG</c>: any non-error status is success.</summary>
    public static readonly ReplyDecoder<bool> Status = static (ref RespReader r) =>
    {
        r.ReadSimpleString();
        return true;
    };

    /// <summary>SET's reply: <c>OK</c> when the value was stored, nil when NX/XX prevented it.</summary>
    public static readonly ReplyDecoder<bool> Stored = static (ref RespReader r) =>
    {
        if (r.PeekKind() == RedisReplyKind.SimpleString)
        {
            r.ReadSimpleString();
            return true;
        }

        return r.TryReadBulkString(out _)
            ? throw new RedisException("expected OK or nil but the server sent a bulk string.")
            : false;
    };

    public static readonly ReplyDecoder<RedisValue[]> ValueArray = static (ref RespReader r) =>
    {
        var count = r.ReadArrayLength();
        if (count <= 0)
        {
            return [];
        }

        var values = new RedisValue[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = r.ReadValue();
        }

        return values;
    };

    /// <summary>HGETALL's flat field/value array, as a dictionary keyed by the UTF-8 field name.</summary>
    public static readonly ReplyDecoder<Dictionary<string, RedisValue>> Hash = static (ref RespReader r) =>
    {
        var count = r.ReadArrayLength();
        if (count % 2 != 0)
        {
            throw new RedisException($"expected field/value pairs but the server sent {count} elements.");
        }

        var hash = new Dictionary<string, RedisValue>(Math.Max(count / 2, 0), StringComparer.Ordinal);
        for (var i = 0; i < count; i += 2)
        {
            var field = r.ReadString() ?? string.Empty;
            hash[field] = r.ReadValue();
        }

        return hash;
    };
}
