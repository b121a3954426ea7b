using System.Buffers;

namespace VoiceAgent.Redis.Protocol;

/// <summary>
/// Finds where the next complete RESP2 reply ends in the bytes received so far, validating its syntax, without
/// allocating. Frames may arrive split across any number of reads: the scanner remembers how far it got, so a
/// large reply is scanned once in total rather than once per read. The caller must keep the unconsumed bytes
/// (the pipe's consumed position) at the start of the frame until <see cref="TryScan"/> returns true.
/// </summary>
internal sealed class RespFrameScanner
{
    /// <summary>Deepest array nesting accepted; a deeper reply is a protocol error.</summary>
    public const int MaxDepth = 256;

    /// <summary>Largest bulk string accepted (Redis's own proto-max-bulk-len default).</summary>
    public const long MaxBulkLength = 512L * 1024 * 1024;

    /// <summary>Longest simple string, error or header line accepted.</summary>
    public const int MaxLineLength = 1024 * 1024;

    // Elements still expected at each open nesting level; level 0 expects the reply itself.
    private long[] _remaining = new long[8];
    private int _depth;
    private long _scanned;

    public RespFrameScanner()
    {
        Reset();
    }

    /// <summary>
    /// True when <paramref name="buffer"/> starts with a complete reply, which ends at <paramref name="frameEnd"/>;
    /// false when more bytes are needed. Throws <see cref="RedisProtocolException"/> on bytes that are not RESP2.
    /// </summary>
    public bool TryScan(in ReadOnlySequence<byte> buffer, out SequencePosition frameEnd)
    {
        var reader = new SequenceReader<byte>(buffer);
        reader.Advance(_scanned);
        while (true)
        {
            var elementStart = reader.Consumed;
            if (!TryReadElement(ref reader, out var children))
            {
                _scanned = elementStart;
                frameEnd = default;
                return false;
            }

            _remaining[_depth]--;
            if (children > 0)
            {
                Open(children);
            }

            while (_remaining[_depth] == 0)
            {
                if (_depth == 0)
                {
                    frameEnd = reader.Position;
                    Reset();
                    return true;
                }

                _depth--;
            }
        }
    }

    /// <summary>Forgets a partly scanned frame (after the connection that carried it was dropped).</summary>
    public void Reset()
    {
        _depth = 0;
        _remaining[0] = 1;
        _scanned = 0;
    }

    // Reads one element's own bytes (header line, and payload for a bulk string); children is the element count
    // of an array. Returns false, having possibly advanced the reader, when the element is not complete yet.
    private static bool TryReadElement(ref SequenceReader<byte> reader, out long children)
    {
        children = 0;
        if (!reader.TryRead(out var type))
        {
            return false;
        }

        switch (type)
        {
            case (byte)'+':
            case (byte)'-':
                return TryReadLine(ref reader, out _);
            case (byte)':':
                if (!TryReadLine(ref reader, out var integer))
                {
                    return false;
                }

                RespLine.ParseInteger(integer, "integer reply");
                return true;
            case (byte)'$':
                return TryReadBulkString(ref reader);
            case (byte)'*':
                if (!TryReadLine(ref reader, out var countLine))
                {
                    return false;
                }

                var count = RespLine.ParseInteger(countLine, "array length");
                if (count < -1)
                {
                    throw new RedisProtocolException($"Invalid array length {count}.");
                }

                children = Math.Max(count, 0);
                return true;
            default:
                throw new RedisProtocolException(
                    $"Unexpected byte 0x{type:X2} ('{(type is >= 0x20 and < 0x7F ? (char)type : '.')}') where a reply element should start; " +
                    "expected '+', '-', ':', '$' or '*' (RESP2).");
        }
    }

    private static bool TryReadBulkString(ref SequenceReader<byte> reader)
    {
        if (!TryReadLine(ref reader, out var lengthLine))
        {
            return false;
        }

        var length = RespLine.ParseInteger(lengthLine, "bulk string length");
        if (length == -1)
        {
            return true;
        }

        if (length is < 0 or > MaxBulkLength)
        {
            throw new RedisProtocolException($"Invalid bulk string length {length} (allowed: -1 to {MaxBulkLength}).");
        }

        if (reader.Remaining < length + RespLine.CrLf.Length)
        {
            return false;
        }

        reader.Advance(length);
        if (!reader.IsNext(RespLine.CrLf, advancePast: true))
        {
            throw new RedisProtocolException($"A bulk string of {length} bytes is not followed by CR LF.");
        }

        return true;
    }

    private static bool TryReadLine(ref SequenceReader<byte> reader, out ReadOnlySequence<byte> line)
    {
        if (!reader.TryReadTo(out line, RespLine.CrLf, advancePastDelimiter: true))
        {
            if (reader.Remaining > MaxLineLength)
            {
                throw new RedisProtocolException($"A reply line is longer than {MaxLineLength} bytes without CR LF.");
            }

            return false;
        }

        if (line.Length > MaxLineLength)
        {
            throw new RedisProtocolException($"A reply line is longer than {MaxLineLength} bytes.");
        }

        return true;
    }

    private void Open(long children)
    {
        if (_depth + 1 >= MaxDepth)
        {
            throw new RedisProtocolException($"Arrays are nested deeper than {MaxDepth} levels.");
        }

        _depth++;
        if (_depth == _remaining.Length)
        {
            Array.Resize(ref _remaining, _remaining.Length * 2);
        }

        _remaining[_depth] = children;
    }
}
