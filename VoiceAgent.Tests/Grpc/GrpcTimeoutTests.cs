using VoiceAgent.Grpc.Internal;

namespace VoiceAgent.Tests.Grpc;

public sealed class GrpcTimeoutTests
{
    [Theory]
    [InlineData(0L, "0n")]
    [InlineData(1L, "100n")]
    [InlineData(TimeSpan.TicksPerMillisecond * 250, "250000u")]
    [InlineData(TimeSpan.TicksPerSecond * 30, "30000000u")]
    [InlineData(TimeSpan.TicksPerSecond * 200, "200000m")]
    [InlineData(TimeSpan.TicksPerHour * 48, "172800S")]
    [InlineData(TimeSpan.TicksPerDay * 3650, "5256000M")]
    public void FormatUsesAtMostEightDigitsAndTheFinestUnitThatFits(long ticks, string expected) =>
        Assert.Equal(expected, GrpcTimeout.Format(TimeSpan.FromTicks(ticks)));

    [Fact]
    public void FormatRoundsUpSoTheServerNeverGetsMoreTimeThanTheClient()
    {
        var formatted = GrpcTimeout.Format(TimeSpan.FromTicks((TimeSpan.TicksPerSecond * 20) + 1));

        Assert.True(GrpcTimeout.TryParse(formatted, out var parsed));
        Assert.True(parsed >= TimeSpan.FromTicks((TimeSpan.TicksPerSecond * 20) + 1));
        Assert.True(formatted.Length <= 9);
    }

    [Theory]
    [InlineData("1H", 36_000_000_000L)]
    [InlineData("2M", 1_200_000_000L)]
    [InlineData("3S", 30_000_000L)]
    [InlineData("250m", 2_500_000L)]
    [InlineData("7u", 70L)]
    [InlineData("150n", 2L)]
    [InlineData("99999999S", 999_999_990_000_000L)]
    public void ParseReadsEveryUnit(string value, long expectedTicks)
    {
        Assert.True(GrpcTimeout.TryParse(value, out var timeout));
        Assert.Equal(expectedTicks, timeout.Ticks);
    }

    [Theory]
    [InlineData("")]
    [InlineData("S")]
    [InlineData("10")]
    [InlineData("10s")]
    [InlineData("-1S")]
    [InlineData("123456789S")]
    [InlineData("1.5S")]
    public void ParseRejectsWhatTheProtocolDoesNotAllow(string value) => Assert.False(GrpcTimeout.TryParse(value, out _));
}
