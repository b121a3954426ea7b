namespace VoiceAgent.RocketMQ;

/// <summary>
/// Runs work items of one key strictly one after another, in the order they were enqueued, and items of
/// different keys independently. A failed item does not stop the items behind it.
/// </summary>
internal sealed class KeyedSequencer
{
    private readonly Dictionary<string, Task> _tails = new(StringComparer.Ordinal);

    /// <summary>Keys with work queued or running.</summary>
    public int ActiveKeys
    {
        get
        {
            lock (_tails)
            {
                return _tails.Count;
            }
        }
    }

    public Task Enqueue(string key, Func<Task> work)
    {
        Task task;
        lock (_tails)
        {
            var previous = _tails.GetValueOrDefault(key) ?? Task.CompletedTask;
            task = RunAfterAsync(previous, work);
            _tails[key] = task;
        }

        _ = task.ContinueWith(
            (completed, state) =>
            {
                var (sequencer, k) = ((KeyedSequencer, string))state!;
                lock (sequencer._tails)
                {
                    if (sequencer._tails.TryGetValue(k, out var tail) && ReferenceEquals(tail, completed))
                    {
                        sequencer._tails.Remove(k);
                    }
                }
            },
            (this, key),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return task;
    }

    private static async Task RunAfterAsync(Task previous, Func<Task> work)
    {
        try
        {
            await previous.ConfigureAwait(false);
        }
        catch
        {
            // The previous item's failure was reported by whoever awaited it; this item runs regardless.
        }

        await work().ConfigureAwait(false);
    }
}
