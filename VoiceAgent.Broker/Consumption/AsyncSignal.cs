namespace VoiceAgent.Broker.Consumption;

/// <summary>
/// Wakes long polls. A waiter takes <see cref="WaitTask"/>, then checks for work, then awaits the task;
/// <see cref="Notify"/> after a state change completes every task taken before it. Allocates only when
/// someone waits.
/// </summary>
internal sealed class AsyncSignal
{
    private TaskCompletionSource _current = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _armed;

    public Task WaitTask
    {
        get
        {
            Volatile.Write(ref _armed, 1);
            return Volatile.Read(ref _current).Task;
        }
    }

    public void Notify()
    {
        if (Interlocked.Exchange(ref _armed, 0) == 0)
        {
            return;
        }

        var previous = Interlocked.Exchange(ref _current, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        previous.TrySetResult();
    }
}
