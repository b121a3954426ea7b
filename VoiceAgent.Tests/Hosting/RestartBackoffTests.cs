using VoiceAgent.Hosting.Orchestration;

namespace VoiceAgent.Tests.Hosting;

public sealed class RestartBackoffTests
{
    [Fact]
    public void TheDelayDoublesUpToTheMaximumAndStartsOverAfterAStableRun()
    {
        var backoff = new RestartBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), stableRunPeriod: TimeSpan.FromSeconds(30));
        var crashAtOnce = TimeSpan.FromSeconds(2);

        var delays = Enumerable.Range(0, 7).Select(_ => backoff.Next(crashAtOnce).TotalSeconds).ToList();

        Assert.Equal([1, 2, 4, 8, 16, 30, 30], delays);
        Assert.Equal(1, backoff.Next(TimeSpan.FromSeconds(45)).TotalSeconds);
        Assert.Equal(2, backoff.Next(crashAtOnce).TotalSeconds);
    }
}
