using VoiceAgent.RocketMQ;

namespace VoiceAgent.Tests.RocketMQ;

public sealed class KeyedSequencerTests
{
    [Fact]
    public async Task ItemsOfOneKeyRunInOrderAndOthersDoNotWait()
    {
        var sequencer = new KeyedSequencer();
        var releaseFirst = new TaskCompletionSource();
        var order = new List<string>();

        var first = sequencer.Enqueue("a", async () =>
        {
            await releaseFirst.Task;
            lock (order)
            {
                order.Add("a1");
            }
        });
        var second = sequencer.Enqueue("a", () =>
        {
            lock (order)
            {
                order.Add("a2");
            }

            return Task.CompletedTask;
        });
        var other = sequencer.Enqueue("b", () =>
        {
            lock (order)
            {
                order.Add("b1");
            }

            return Task.CompletedTask;
        });

        await other.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(second.IsCompleted);
        releaseFirst.SetResult();
        await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["b1", "a1", "a2"], order);
    }

    [Fact]
    public async Task AFailedItemDoesNotStopTheNext()
    {
        var sequencer = new KeyedSequencer();
        var failed = sequencer.Enqueue("a", () => Task.FromException(new InvalidOperationException("boom")));
        var ran = false;
        var next = sequencer.Enqueue("a", () =>
        {
            ran = true;
            return Task.CompletedTask;
        });

        await Assert.ThrowsAsync<InvalidOperationException>(() => failed.WaitAsync(TimeSpan.FromSeconds(10)));
        await next.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(ran);
        await Fakes.Eventually.TrueAsync(() => sequencer.ActiveKeys == 0, "finished keys to be forgotten");
    }
}
