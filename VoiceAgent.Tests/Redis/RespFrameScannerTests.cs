using System.Buffers;
using System.Text;
using VoiceAgent.Redis;
using VoiceAgent.Redis.Protocol;
using VoiceAgent.Tests.Redis.Infrastructure;

namespace VoiceAgent.Tests.Redis;

public sealed class RespFrameScannerTests
{
    // A reply with every RESP2 type, nesting, nils and a bulk string that itself contains CR LF and RESP-looking bytes.
    private const string ComplexReply =
        "*6\r\n+OK\r\n-ERR something\r\n:-42\r\n$9\r\na\r\n$2\r\nbc\r\n$-1\r\n*3\r\n*0\r\n*-1\r\n*2\r\n:7\r\n$0\r\n\r\n";

    private const string ComplexReplyText = "[OK, (error) ERR something, (integer) -42, \"a\r\n$2\r\nbc\", (nil), [[], (nil array), [(integer) 7, \"\"]]]";

    [Theory]
    [InlineData("+OK\r\n", "OK")]
    [InlineData("-WRONGTYPE Operation against a key\r\n", "(error) WRONGTYPE Operation against a key")]
    [InlineData(":0\r\n", "(integer) 0")]
    [InlineData(":-9223372036854775808\r\n", "(integer) -9223372036854775808")]
    [InlineData(":9223372036854775807\r\n", "(integer) 9223372036854775807")]
    [InlineData("$5\r\nhello\r\n", "\"hello\"")]
    [InlineData("$0\r\n\r\n", "\"\"")]
    [InlineData("$-1\r\n", "(nil)")]
    [InlineData("*-1\r\n", "(nil array)")]
    [InlineData("*0\r\n", "[]")]
    [InlineData(ComplexReply, ComplexReplyText)]
    public void EveryReplyTypeIsFramedAndDecoded(string wire, string expected)
    {
        var bytes = Encoding.UTF8.GetBytes(wire);
        var scanner = new RespFrameScanner();

        Assert.True(scanner.TryScan(new ReadOnlySequence<byte>(bytes), out var end));
        Assert.Equal(bytes.Length, new ReadOnlySequence<byte>(bytes).Slice(0, end).Length);
        Assert.Equal(expected, Decode(new ReadOnlySequence<byte>(bytes)).ToString());
    }

    [Fact]
    public void AReplyArrivingOneByteAtATimeIsFramedOnlyWhenComplete()
    {
        var bytes = Encoding.UTF8.GetBytes(ComplexReply + ":1\r\n");
        var firstLength = Encoding.UTF8.GetByteCount(ComplexReply);
        var scanner = new RespFrameScanner();

        // The same scanner sees the buffer grow by one byte per read, as a pipe would hand it over.
        for (var received = 1; received < firstLength; received++)
        {
            Assert.False(scanner.TryScan(SegmentedSequence.BytePerSegment(bytes[..received]), out _), $"framed after {received} bytes");
        }

        var buffer = SegmentedSequence.BytePerSegment(bytes);
        Assert.True(scanner.TryScan(buffer, out var end));
        var frame = buffer.Slice(0, end);
        Assert.Equal(firstLength, frame.Length);
        Assert.Equal(ComplexReplyText, Decode(frame).ToString());

        var rest = buffer.Slice(end);
        Assert.True(scanner.TryScan(rest, out var secondEnd));
        Assert.Equal("(integer) 1", Decode(rest.Slice(0, secondEnd)).ToString());
    }

    [Fact]
    public void AReplySplitAtAnyPointIntoTwoSegmentsDecodesTheSame()
    {
        var bytes = Encoding.UTF8.GetBytes(ComplexReply);
        for (var cut = 1; cut < bytes.Length; cut++)
        {
            var buffer = SegmentedSequence.SplitAt(bytes, cut);
            Assert.True(new RespFrameScanner().TryScan(buffer, out var end), $"cut at {cut}");
            Assert.Equal(bytes.Length, buffer.Slice(0, end).Length);
            Assert.Equal(ComplexReplyText, Decode(buffer.Slice(0, end)).ToString());
        }
    }

    [Fact]
    public void ALargeBulkStringArrivingInChunksIsFramedWhenItsLastByteArrives()
    {
        var payload = new byte[300_000];
        Random.Shared.NextBytes(payload);
        var bytes = Encoding.ASCII.GetBytes($"${payload.Length}\r\n").Concat(payload).Concat("\r\n"u8.ToArray()).ToArray();
        var scanner = new RespFrameScanner();

        for (var received = 4096; received < bytes.Length; received += 4096)
        {
            Assert.False(scanner.TryScan(SegmentedSequence.SplitAt(bytes[..received], 10, 5000, 70_000), out _));
        }

        var buffer = SegmentedSequence.SplitAt(bytes, 10, 5000, 70_000, 299_000);
        Assert.True(scanner.TryScan(buffer, out var end));
        var reader = new RespReader(buffer.Slice(0, end));
        Assert.Equal(payload, reader.ReadValue().Span.ToArray());
    }

    [Theory]
    [InlineData("hello\r\n", "Unexpected byte 0x68 ('h')")]
    [InlineData(":12a\r\n", "Malformed integer reply: '12a'")]
    [InlineData(":\r\n", "Malformed integer reply")]
    [InlineData(":-\r\n", "Malformed integer reply")]
    [InlineData(":99999999999999999999\r\n", "Malformed integer reply")]
    [InlineData(":9223372036854775808\r\n", "Malformed integer reply")]
    [InlineData("$3\r\nabcde\r\n", "A bulk string of 3 bytes is not followed by CR LF")]
    [InlineData("$-5\r\n", "Invalid bulk string length -5")]
    [InlineData("$1000000000\r\n", "Invalid bulk string length 1000000000")]
    [InlineData("$x\r\n", "Malformed bulk string length")]
    [InlineData("*-2\r\n", "Invalid array length -2")]
    [InlineData("*2\r\n:1\r\n?\r\n", "Unexpected byte 0x3F ('?')")]
    [InlineData("%1\r\n+a\r\n+b\r\n", "Unexpected byte 0x25 ('%')")]
    public void MalformedInputIsAClearProtocolError(string wire, string expectedMessage)
    {
        var scanner = new RespFrameScanner();

        var error = Assert.Throws<RedisProtocolException>(
            () => scanner.TryScan(SegmentedSequence.BytePerSegment(Encoding.UTF8.GetBytes(wire)), out _));

        Assert.Contains(expectedMessage, error.Message);
    }

    [Fact]
    public void ArraysNestedBeyondTheLimitAreRefused()
    {
        var wire = string.Concat(Enumerable.Repeat("*1\r\n", RespFrameScanner.MaxDepth + 1)) + ":1\r\n";

        var error = Assert.Throws<RedisProtocolException>(() => new RespFrameScanner().TryScan(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(wire)), out _));

        Assert.Contains("nested deeper", error.Message);
    }

    [Fact]
    public void ArraysNestedUpToTheLimitAreDecoded()
    {
        var depth = RespFrameScanner.MaxDepth - 1;
        var bytes = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("*1\r\n", depth)) + ":1\r\n");

        Assert.True(new RespFrameScanner().TryScan(new ReadOnlySequence<byte>(bytes), out _));
        var reply = Decode(new ReadOnlySequence<byte>(bytes));
        for (var i = 0; i < depth; i++)
        {
            reply = Assert.Single(reply.Elements);
        }

        Assert.Equal(1, reply.AsInt64());
    }

    [Fact]
    public void ALineThatNeverEndsIsRefusedInsteadOfBufferedForever()
    {
        var bytes = Encoding.ASCII.GetBytes("+" + new string('a', RespFrameScanner.MaxLineLength + 10));

        var error = Assert.Throws<RedisProtocolException>(() => new RespFrameScanner().TryScan(new ReadOnlySequence<byte>(bytes), out _));

        Assert.Contains("longer than", error.Message);
    }

    [Fact]
    public void AReplyOfAnotherTypeThanExpectedNamesBoth()
    {
        var bytes = Encoding.ASCII.GetBytes(":5\r\n");

        var error = Assert.Throws<RedisException>(() => new RespReader(new ReadOnlySequence<byte>(bytes)).ReadValue());

        Assert.Equal("expected a bulk string but the server sent an integer.", error.Message);
    }

    private static RedisReply Decode(ReadOnlySequence<byte> frame) => new RespReader(frame).ReadReply();
}
