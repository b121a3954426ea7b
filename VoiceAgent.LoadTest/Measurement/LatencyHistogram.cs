namespace VoiceAgent.LoadTest.Measurement;

/// <summary>
/// A lock-free log-linear histogram of latencies in microseconds: exact below 64 µs, then 32 buckets per
/// power of two (within 1.6% of the true value), so millions of samples cost a few kilobytes.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBucketBits = 5;
    private const int SubBuckets = 1 << SubBucketBits;
    private const int LinearLimit = SubBuckets * 2;
    private const int MaxShift = 40;

    private readonly long[] _counts = new long[LinearLimit + (MaxShift * SubBuckets)];
    private long _total;

    public long Count => Volatile.Read(ref _total);

    /// <summary>Records one latency; negative values (clock steps) count as zero.</summary>
    public void Record(double milliseconds)
    {
        var micros = milliseconds <= 0 ? 0L : (long)(milliseconds * 1000);
        Interlocked.Increment(ref _counts[IndexOf(micros)]);
        Interlocked.Increment(ref _total);
    }

    /// <summary>The latency in milliseconds at or below which <paramref name="percentile"/> percent of samples fall; NaN when empty.</summary>
    public double Percentile(double percentile)
    {
        var total = Count;
        if (total == 0)
        {
            return double.NaN;
        }

        var rank = (long)Math.Ceiling(total * percentile / 100.0);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Volatile.Read(ref _counts[i]);
            if (seen >= Math.Max(rank, 1))
            {
                return MidpointOf(i) / 1000.0;
            }
        }

        return MidpointOf(_counts.Length - 1) / 1000.0;
    }

    public void Reset()
    {
        Array.Clear(_counts);
        Volatile.Write(ref _total, 0);
    }

    private static int IndexOf(long micros)
    {
        if (micros < LinearLimit)
        {
            return (int)micros;
        }

        var shift = (int)Math.Min(63 - long.LeadingZeroCount(micros) - SubBucketBits, MaxShift);
        var top = (int)Math.Min(micros >> shift, LinearLimit - 1);
        return LinearLimit + ((shift - 1) * SubBuckets) + (top - SubBuckets);
    }

    private static double MidpointOf(int index)
    {
        if (index < LinearLimit)
        {
            return index;
        }

        var shift = ((index - LinearLimit) / SubBuckets) + 1;
        var top = ((index - LinearLimit) % SubBuckets) + SubBuckets;
        return ((long)top << shift) + ((1L << shift) / 2.0);
    }
}
