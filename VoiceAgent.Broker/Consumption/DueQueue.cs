namespace VoiceAgent.Broker.Consumption;

/// <summary>
/// Items with a due time, handed to a callback once due. One timer, re-armed for the earliest item, so
/// thousands of pending deadlines cost no threads and no polling.
/// </summary>
internal sealed class DueQueue<T> : IDisposable
{
    private readonly PriorityQueue<T, long> _heap = new();
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly Action<List<T>> _onDue;
    private readonly ITimer _timer;
    private long _armedForMs = long.MaxValue;
    private bool _disposed;

    public DueQueue(TimeProvider time, Action<List<T>> onDue)
    {
        _time = time;
        _onDue = onDue;
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

    private void Arm(long dueMs)
    {
        _armedForMs = dueMs;
        var delay = dueMs - _time.GetUtcNow().ToUnixTimeMilliseconds();
        _timer.Change(TimeSpan.FromMilliseconds(Math.Max(0, delay)), Timeout.InfiniteTimeSpan);
    }
}
