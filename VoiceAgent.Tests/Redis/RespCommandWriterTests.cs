using System.Buffers;
using System.Text;
using VoiceAgent.Redis;
using VoiceAgent.Redis.Protocol;

namespace VoiceAgent.Tests.Redis;

public sealed class RespCommandWriterTests
{
    [Fact]
    public void ACommandIsAnArrayOfBulkStrings()
    {
        var wire = Write(RedisCommands.Set, "session:1", "hello", "PX", 1500);

        Assert.Equal("*5\r\n$3\r\nSET\r\n$9\r\nsession:1\r\n$5\r\nhello\r\n$2\r\nPX\r\n$4\r\n1500\r\n", wire);
    }

    [Fact]
    public void TwoWordCommandsSendBothWords()
    {
        Assert.Equal("*3\r\n$6\r\nSCRIPT\r\n$4\r\nLOAD\r\n$8\r\nreturn 1\r\n", Write(RedisCommands.ScriptLoad, "return 1"));
    }

    [Fact]
    public void TextLengthsCountUtf8BytesNotCharacters()
    {
        Assert.Equal("*2\r\n$3\r\nGET\r\n$10\r\nclé→✓\r\n", Write(RedisCommands.Get, "clé→✓"));
    }

    [Fact]
    public void NumbersAreSentAsTheirDecimalText()
    {
        var wire = Write(RedisCommand.ForName("x"), long.MinValue, 0, 1.5, double.PositiveInfinity, double.NegativeInfinity, 1e-7);

        Assert.Equal(
            "*7\r\n$1\r\nX\r\n$20\r\n-9223372036854775808\r\n$1\r\n0\r\n$3\r\n1.5\r\n$4\r\n+inf\r\n$4\r\n-inf\r\n$5\r\n1E-07\r\n",
            wire);
    }

    [Fact]
    public void BytesAreSentVerbatimWhateverTheyContain()
    {
        var payload = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var output = new ArrayBufferWriter<byte>();

        RespCommandWriter.Write(output, RedisCommands.Get, [payload]);

        var expected = "*2\r\n$3\r\nGET\r\n$256\r\n"u8.ToArray().Concat(payload).Concat("\r\n"u8.ToArray()).ToArray();
        Assert.Equal(expected, output.WrittenSpan.ToArray());
    }

    [Fact]
    public void LargeTextAndBytesAreWrittenAcrossBufferRequests()
    {
        var text = string.Concat(Enumerable.Repeat("ü", 50_000));
        var bytes = new byte[70_000];
        Random.Shared.NextBytes(bytes);
        var output = new ArrayBufferWriter<byte>(16);

        RespCommandWriter.Write(output, RedisCommands.HSet, ["k", text, bytes]);

        var expected = Encoding.UTF8.GetBytes($"*4\r\n$4\r\nHSET\r\n$1\r\nk\r\n$100000\r\n{text}\r\n$70000\r\n")
            .Concat(bytes).Concat("\r\n"u8.ToArray()).ToArray();
        Assert.Equal(expected, output.WrittenSpan.ToArray());
    }

    [Fact]
    public void EmptyAndDefaultArgumentsAreEmptyBulkStrings()
    {
        Assert.Equal("*3\r\n$3\r\nSET\r\n$0\r\n\r\n$0\r\n\r\n", Write(RedisCommands.Set, string.Empty, default(RedisArgument)));
    }

    [Fact]
    public void NullArgumentsAreRefused()
    {
        Assert.Throws<ArgumentNullException>(() => RedisArgument.FromText(null!));
        Assert.Throws<ArgumentNullException>(() => (RedisArgument)RedisValue.Null);
        Assert.Throws<ArgumentOutOfRangeException>(() => RedisArgument.FromDouble(double.NaN));
    }

    private static string Write(RedisCommand command, params RedisArgument[] arguments)
    {
        var output = new ArrayBufferWriter<byte>();
        RespCommandWriter.Write(output, command, arguments);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
