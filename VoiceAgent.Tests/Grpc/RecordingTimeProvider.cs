using System.Collections.Concurrent;

namespace VoiceAgent.Tests.Grpc;

/// <summary>The system clock, with a hook that runs as a timer is being created and a record of every timer and its disposal.</summary>
internal sealed class RecordingTimeProvider(Action? onCreateTimer = null) : TimeProvider
{
    public ConcurrentQueue<RecordedTimer> Timers { get; } = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        onCreateTimer?.Invoke();
        var timer = new RecordedTimer(System.CreateTimer(callback, state, dueTime, period));
        Timers.Enqueue(timer);
        return timer;
    }

    /// <summary>A real timer that remembers whether it was disposed.</summary>
    internal sealed class RecordedTimer(ITimer inner) : ITimer
    {
        private int _disposed;

        public bool IsDisposed => Volatile.Read(ref _disposed) == 1;

        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(dueTime, period);

        public void Dispose()
        {
            Volatile.Write(ref _disposed, 1);
            inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
