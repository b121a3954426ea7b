using VoiceAgent.Broker.Consumption;

namespace VoiceAgent.Tests.Broker;

public sealed class DataStructureTests
{
    [Fact]
    public void OffsetWindowCommitsOnlyContiguousSettledOffsets()
    {
        var window = new OffsetWindow(10);
        for (var i = 0; i < 40; i++)
        {
            window.Extend();
        }

        Assert.True(window.Mark(12));
        Assert.True(window.Mark(11));
        Assert.Equal(10, window.Start);
        Assert.Equal(2, window.SettledCount);
        Assert.True(window.Mark(10));
        Assert.Equal(13, window.Start);
        Assert.Equal(0, window.SettledCount);
        Assert.False(window.Mark(12));
        Assert.True(window.IsSettled(5));
        Assert.False(window.IsSettled(13));
        for (var offset = 49; offset >= 13; offset--)
        {
            window.Mark(offset);
        }

        Assert.Equal(50, window.Start);
        Assert.Equal(0, window.Count);
    }

    [Fact]
    public void OffsetDequeKeepsAscendingOrderWhenRedeliveriesReturn()
    {
        var deque = new OffsetDeque();
        for (long offset = 5; offset < 15; offset++)
        {
            deque.PushBack(offset);
        }

        var taken = new[] { deque.PopFront(), deque.PopFront(), deque.PopFront() };
        Assert.Equal([5L, 6L, 7L], taken);
        deque.InsertSorted(7);
        deque.InsertSorted(5);
        deque.InsertSorted(6);
        deque.InsertSorted(6);
        var all = new List<long>();
        while (deque.TryPeekFront(out _))
        {
            all.Add(deque.PopFront());
        }

        Assert.Equal(Enumerable.Range(5, 10).Select(i => (long)i), all);
    }

    [Fact]
    public void DeadlinesThatNoLongerMatterAreDroppedWhenTheQueueGrowsLarge()
    {
        var live = new HashSet<int> { 7, 70_000 };
        using var queue = new DueQueue<int>(TimeProvider.System, _ => { }, item => live.Contains(item));
        var far = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds();
        for (var i = 0; i < 70_001; i++)
        {
            queue.Schedule(i, far);
        }

        // Compaction ran once, at 65,536 items; what came after waits for the next one.
        Assert.True(queue.Count <= 70_001 - 65_536 + live.Count, $"{queue.Count} items left");
    }

    [Fact]
    public async Task DueItemsAreHandedOverOnTime()
    {
        var due = new TaskCompletionSource<List<string>>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var queue = new DueQueue<string>(TimeProvider.System, items => due.TrySetResult(items));
        var started = DateTime.UtcNow;
        queue.Schedule("later", DateTimeOffset.UtcNow.AddMilliseconds(150).ToUnixTimeMilliseconds());
        Assert.Equal(["later"], await due.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void ReceiptHandlesRoundTripAndRejectTampering()
    {
        var codec = new ReceiptHandleCodec();
        var handle = new ReceiptHandle(42, 7, 123456789, 99);
        var text = codec.Encode(handle);
        Assert.True(codec.TryDecode(text, out var decoded));
        Assert.Equal(handle, decoded);

        var tampered = (text[0] == 'A' ? 'B' : 'A') + text[1..];
        Assert.False(codec.TryDecode(tampered, out _));
        Assert.False(codec.TryDecode("not-a-handle", out _));
        Assert.False(codec.TryDecode(string.Empty, out _));
        Assert.False(new ReceiptHandleCodec().TryDecode(text, out _));
    }
}
