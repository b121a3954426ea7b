using System.Buffers;
using System.Text;

namespace VoiceAgent.Redis.Protocol;

/// <summary>
/// Reads the elements of one complete reply that <see cref="RespFrameScanner"/> has already validated, straight
/// from the received bytes: integers allocate nothing, strings are decoded once, byte values are copied once.
/// A reply of another type than the reader asks for raises a <see cref="RedisException"/> naming both.
/// </summary>
internal ref struct RespReader
{
    private SequenceReader<byte> _reader;

    public RespReader(ReadOnlySequence<byte> frame)
    {
        _reader = new SequenceReader<byte>(frame);
    }

    public RedisReplyKind PeekKind()
    {
        if (!_reader.TryPeek(out var type))
        {
            throw new InvalidOperationException("The reply has no more elements.");
        }

        return type switch
        {
            (byte)'+' => RedisReplyKind.SimpleString,
            (byte)'-' => RedisReplyKind.Error,
            (byte)':' => RedisReplyKind.Integer,
            (byte)'$' => RedisReplyKind.BulkString,
            (byte)'*' => RedisReplyKind.Array,
            _ => throw new RedisProtocolException($"Unexpected byte 0x{type:X2} where a reply element should start."),
        };
    }

    public string ReadError()
    {
        Expect(RedisReplyKind.Error, "an error");
        return Encoding.UTF8.GetString(ReadLine());
    }

    public long ReadInteger()
    {
        Expect(RedisReplyKind.Integer, "an integer");
        return RespLine.ParseInteger(ReadLine(), "integer reply");
    }

    /// <summary>Reads a simple string (such as <c>OK</c>).</summary>
    public string ReadSimpleString()
    {
        Expect(RedisReplyKind.SimpleString, "a simple string");
        return Encoding.UTF8.GetString(ReadLine());
    }

    /// <summary>Reads a bulk string's payload without copying it; false for nil.</summary>
    public bool TryReadBulkString(out ReadOnlySequence<byte> payload)
    {
        Expect(RedisReplyKind.BulkString, "a bulk string");
        var length = RespLine.ParseInteger(ReadLine(), "bulk string length");
        if (length < 0)
        {
            payload = default;
            return false;
        }

        payload = _reader.UnreadSequence.Slice(0, length);
        _reader.Advance(length + RespLine.CrLf.Length);
        return true;
    }

    /// <summary>Reads a bulk or simple string as UTF-8 text; null for nil.</summary>
    public string? ReadString()
    {
        if (PeekKind() == RedisReplyKind.SimpleString)
        {
            return ReadSimpleString();
        }

        return TryReadBulkString(out var payload) ? Encoding.UTF8.GetString(payload) : null;
    }

    /// <summary>Reads a bulk or simple string as bytes; <see cref="RedisValue.Null"/> for nil.</summary>
    public RedisValue ReadValue()
    {
        if (PeekKind() == RedisReplyKind.SimpleString)
        {
            Expect(RedisReplyKind.SimpleString, "a simple string");
            return new RedisValue(ReadLine().ToArray());
        }

        return TryReadBulkString(out var payload) ? new RedisValue(payload.ToArray()) : RedisValue.Null;
    }

    /// <summary>Reads an array header: the element count, or -1 for a nil array.</summary>
    public int ReadArrayLength()
    {
        Expect(RedisReplyKind.Array, "an array");
        var count = RespLine.ParseInteger(ReadLine(), "array length");
        return count > int.MaxValue ? throw new RedisProtocolException($"An array of {count} elements is too large.") : (int)count;
    }

    /// <summary>Reads any reply, nested arrays included.</summary>
    public RedisReply ReadReply()
    {
        switch (PeekKind())
        {
            case RedisReplyKind.SimpleString:
                return RedisReply.SimpleString(ReadSimpleString());
            case RedisReplyKind.Error:
                return RedisReply.Error(ReadError());
            case RedisReplyKind.Integer:
                return RedisReply.Integer(ReadInteger());
            case RedisReplyKind.BulkString:
                return TryReadBulkString(out var payload)
                    ? RedisReply.BulkString(new RedisValue(payload.ToArray()))
                    : RedisReply.NullBulkString;
            default:
                var count = ReadArrayLength();
                if (count < 0)
                {
                    return RedisReply.NullArray;
                }

                var elements = new RedisReply[count];
                for (var i = 0; i < count; i++)
                {
                    elements[i] = ReadReply();
                }

                return RedisReply.Array(elements);
        }
    }

    private void Expect(RedisReplyKind kind, string description)
    {
        var actual = PeekKind();
        if (actual != kind)
        {
            throw new RedisException($"expected {description} but the server sent {Describe(actual)}.");
        }

        _reader.Advance(1);
    }

    private ReadOnlySequence<byte> ReadLine() =>
        _reader.TryReadTo(out ReadOnlySequence<byte> line, RespLine.CrLf, advancePastDelimiter: true)
            ? line
            : throw new InvalidOperationException("The reply frame ends inside a line; it was not validated.");

    private static string Describe(RedisReplyKind kind) => kind switch
    {
        RedisReplyKind.SimpleString => "a simple string",
        RedisReplyKind.Error => "an error",
        RedisReplyKind.Integer => "an integer",
        RedisReplyKind.BulkString => "a bulk string",
        _ => "an array",
    };
}
