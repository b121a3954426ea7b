namespace VoiceAgent.LoadTest.Sessions;

/// <summary>
/// The phases of a run shared by all sessions: ramp (sessions connect), the measured window, then the drain
/// (no new turns; turns in flight finish).
/// </summary>
internal sealed class RunClock(int sessions)
{
    private readonly TaskCompletionSource _allReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private int _pending = sessions;
    private volatile bool _measuring;

    /// <summary>Completes when every session is configured or has given up.</summary>
    public Task AllReady => _allReady.Task;

    /// <summary>Cancelled when the window ends: sessions start no new turn.</summary>
    public CancellationToken Stopping => _stop.Token;

    public bool IsMeasuring => _measuring;

    /// <summary>A session is configured (or failed to connect): the window starts when the last one is.</summary>
    public void SessionSettled()
    {
        if (Interlocked.Decrement(ref _pending) == 0)
        {
            _allReady.TrySetResult();
        }
    }

    public void StartWindow() => _measuring = true;

    public void EndWindow()
    {
        _measuring = false;
        _stop.Cancel();
    }
}
