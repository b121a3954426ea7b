using VoiceAgent.LoadTest.Measurement;

namespace VoiceAgent.Tests.LoadTest;

public sealed class LatencyHistogramTests
{
    [Fact]
    public void PercentilesOfAUniformSpreadAreWithinTwoPercent()
    {
        var histogram = new LatencyHistogram();
        for (var i = 1; i <= 100_000; i++)
        {
            histogram.Record(i / 1000.0);
        }

        Assert.Equal(100_000, histogram.Count);
        Assert.InRange(histogram.Percentile(50), 50 * 0.98, 50 * 1.02);
        Assert.InRange(histogram.Percentile(99), 99 * 0.98, 99 * 1.02);
        Assert.InRange(histogram.Percentile(100), 100 * 0.98, 100 * 1.02);
    }

    [Fact]
    public void ASlowTailShowsInTheNinetyNinthPercentileOnly()
    {
        var histogram = new LatencyHistogram();
        for (var i = 0; i < 985; i++)
        {
            histogram.Record(0.8);
        }

        for (var i = 0; i < 15; i++)
        {
            histogram.Record(250);
        }

        Assert.InRange(histogram.Percentile(50), 0.79, 0.81);
        Assert.InRange(histogram.Percentile(99), 245, 255);
    }

    [Fact]
    public void SubMillisecondAndMultiSecondLatenciesKeepTheirScale()
    {
        var small = new LatencyHistogram();
        small.Record(0.012);
        Assert.InRange(small.Percentile(50), 0.0115, 0.0125);

        var large = new LatencyHistogram();
        large.Record(12_345);
        Assert.InRange(large.Percentile(50), 12_345 * 0.98, 12_345 * 1.02);
    }

    [Fact]
    public void AnEmptyHistogramHasNoPercentileAndANegativeLatencyCountsAsZero()
    {
        var histogram = new LatencyHistogram();
        Assert.True(double.IsNaN(histogram.Percentile(50)));

        histogram.Record(-3);
        Assert.Equal(0, histogram.Percentile(50));

        histogram.Reset();
        Assert.Equal(0, histogram.Count);
        Assert.True(double.IsNaN(histogram.Percentile(99)));
    }
}
