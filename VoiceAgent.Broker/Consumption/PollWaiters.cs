namespace VoiceAgent.Broker.Consumption;

/// <summary>
/// Long polls waiting for one queue (or any queue of a topic), oldest first. <see cref="WakeOne"/> wakes a single
/// waiter per arrival. A waiter enlists, then checks for work under the queue's lock, then awaits its task, so
/// that an arrival after the check always finds it enlisted. A waiter that was woken but leaves without taking
/// what woke it calls <see cref="WakeOne"/> to pass the wake on.
/// </summary>
internal sealed class PollWaiters
{
    private readonly Lock _gate = new();
    private readonly LinkedList<TaskCompletionSource> _waiting = new();

    /// <summary>Long polls enlisted and not woken yet.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>Enlists a waiter; its task completes when <see cref="WakeOne"/> picks it.</summary>
    public LinkedListNode<TaskCompletionSource> Enlist()
    {
        var waiter = new LinkedListNode<TaskCompletionSource>(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        lock (_gate)
        {
            _waiting.AddLast(waiter);
        }

        return waiter;
    }

    /// <summary>Takes the waiter off the list; returns true when it had been woken already (it owes the wake on).</summary>
    public bool Withdraw(LinkedListNode<TaskCompletionSource> waiter)
    {
        lock (_gate)
        {
            if (waiter.List is not null)
            {
                _waiting.Remove(waiter);
                return false;
            }
        }

        return true;
    }

    /// <summary>Wakes the oldest waiter; false when none waits.</summary>
    public bool WakeOne()
    {
        TaskCompletionSource? woken;
        lock (_gate)
        {
            if (_waiting.First is not { } first)
            {
                return false;
            }

            _waiting.RemoveFirst();
            woken = first.Value;
        }

        woken.TrySetResult();
        return true;
    }
}
