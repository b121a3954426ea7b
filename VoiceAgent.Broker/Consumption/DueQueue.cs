namespace VoiceAgent.Broker.Consumption;

/// <summary>
/// Items with a due time, handed to a callback once due. One timer, re-armed for the earliest item, so
/// thousands of pending deadlines cost no threads and no polling. Items that became pointless before their
/// time (an acked delivery) stay until due, unless the queue grows large: then it drops them in one pass.
/// </summary>
internal sealed class DueQueue<T> : IDisposable
{
    private const int MinCompactionSize = 65_536;

    private readonly PriorityQueue<T, long> _heap = new();
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly Action<List<T>> _onDue;
    private readonly Func<T, bool>? _isLive;
    private readonly ITimer _timer;
    private long _armedForMs = long.MaxValue;
    private int _compactAt = MinCompactionSize;
    private bool _disposed;

    /// <param name="time">The clock.</param>
    /// <param name="onDue">Receives the items that are due, in batches.</param>
    /// <param name="isLive">Whether an item still matters; those that do not are dropped when the queue compacts.</param>
    public DueQueue(TimeProvider time, Action<List<T>> onDue, Func<T, bool>? isLive = null)
    {
        _time = time;
        _onDue = onDue;
        _isLive = isLive;
        _timer = time.CreateTimer(static state => ((DueQueue<T>)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _heap.Count;
            }
        }
    }

    public void Schedule(T item, long dueMs)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _heap.Enqueue(item, dueMs);
            if (dueMs < _armedForMs)
            {
                Arm(dueMs);
            }

            if (_isLive is not null && _heap.Count >= _compactAt)
            {
                Compact(_isLive);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _heap.Clear();
        }

        _timer.Dispose();
    }

    private void OnTimer()
    {
        List<T>? due = null;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            _armedForMs = long.MaxValue;
            while (_heap.TryPeek(out var item, out var dueMs) && dueMs <= now)
            {
                _heap.Dequeue();
                (due ??= []).Add(item);
            }

            if (_heap.TryPeek(out _, out var next))
            {
                Arm(next);
            }
        }

        if (due is not null)
        {
            _onDue(due);
        }
    }

    private void Compact(Func<T, bool> isLive)
    {
        var live = new List<(T Item, long DueMs)>(_heap.Count / 2);
        foreach (var (item, dueMs) in _heap.UnorderedItems)
        {
            if (isLive(item))
            {
                live.Add((item, dueMs));
            }
        }

        _heap.Clear();
        _heap.EnqueueRange(live);
        _compactAt = Math.Max(MinCompactionSize, live.Count * 2);
    }

    private void Arm(long dueMs)
    {
        _armedForMs = dueMs;
        var delay = dueMs - _time.GetUtcNow().ToUnixTimeMilliseconds();
        _timer.Change(TimeSpan.FromMilliseconds(Math.Max(0, delay)), Timeout.InfiniteTimeSpan);
    }
}
