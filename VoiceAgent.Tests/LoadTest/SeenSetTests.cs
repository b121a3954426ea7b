using VoiceAgent.LoadTest.Measurement;

namespace VoiceAgent.Tests.LoadTest;

public sealed class SeenSetTests
{
    [Fact]
    public void ASequenceNumberIsNewOnlyTheFirstTime()
    {
        var seen = new SeenSet();
        Assert.True(seen.Add(0));
        Assert.False(seen.Add(0));
        Assert.True(seen.Add(1));
        Assert.True(seen.Add((1L << 20) + 5));
        Assert.False(seen.Add((1L << 20) + 5));
        Assert.True(seen.Add(200_000_000));
        Assert.False(seen.Add(200_000_000));
    }

    [Fact]
    public async Task ConcurrentDeliveriesOfTheSameNumbersCountEachNumberOnce()
    {
        var seen = new SeenSet();
        var firsts = 0;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0L; i < 3_000_000; i += 3)
            {
                if (seen.Add(i))
                {
                    Interlocked.Increment(ref firsts);
                }
            }
        }))).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1_000_000, firsts);
    }
}
