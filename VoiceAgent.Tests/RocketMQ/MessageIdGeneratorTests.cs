using VoiceAgent.RocketMQ;

namespace VoiceAgent.Tests.RocketMQ;

public sealed class MessageIdGeneratorTests
{
    [Fact]
    public void IdsAreVersionOneUpperCaseHexOfSeventeenBytes()
    {
        var id = MessageIdGenerator.Next();

        Assert.Matches("^01[0-9A-F]{32}$", id);
    }

    [Fact]
    public void IdsCarryProcessIdTimeAndAnIncreasingSequence()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var first = MessageIdGenerator.Next();
        var second = MessageIdGenerator.Next();

        Assert.True(MessageIdGenerator.TryDecode(first, out var a));
        Assert.True(MessageIdGenerator.TryDecode(second, out var b));
        Assert.Equal((ushort)Environment.ProcessId, a.ProcessId);
        Assert.Equal(a.MacAddress, b.MacAddress);
        Assert.InRange(a.Time, before, DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal(a.Sequence + 1, b.Sequence);
        Assert.Equal(first[..18], second[..18]);
    }

    [Fact]
    public void TheLayoutMatchesTheOfficialFieldOrder()
    {
        // 2021-01-01T00:01:40Z is 100 (0x64) seconds after the epoch; sequence 0x0A0B0C0D.
        var id = MessageIdGenerator.Create(MessageIdGenerator.Epoch.AddSeconds(100.7), 0x0A0B0C0D);

        Assert.Equal("01", id[..2]);
        Assert.Equal(((ushort)Environment.ProcessId).ToString("X4", System.Globalization.CultureInfo.InvariantCulture), id[14..18]);
        Assert.Equal("00000064", id[18..26]);
        Assert.Equal("0A0B0C0D", id[26..]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("00112233445566778899AABBCCDDEEFF00")]
    [InlineData("01ZZ")]
    public void ForeignIdsDoNotDecode(string id)
    {
        Assert.False(MessageIdGenerator.TryDecode(id, out _));
    }
}
