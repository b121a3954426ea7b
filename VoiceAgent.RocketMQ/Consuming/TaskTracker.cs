using System.Collections.Concurrent;

namespace VoiceAgent.RocketMQ;

/// <summary>Keeps the background tasks still running, so that shutdown can wait for them.</summary>
internal sealed class TaskTracker
{
    private readonly ConcurrentDictionary<Task, byte> _tasks = new();

    public int Count => _tasks.Count;

    public void Track(Task task)
    {
        if (task.IsCompleted)
        {
            return;
        }

        _tasks.TryAdd(task, 0);
        _ = task.ContinueWith(
            static (completed, state) => ((ConcurrentDictionary<Task, byte>)state!).TryRemove(completed, out _),
            _tasks,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>Waits until every tracked task has finished, or the timeout passes; returns whether all finished.</summary>
    public async Task<bool> WaitAllAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!_tasks.IsEmpty)
        {
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                return false;
            }

            try
            {
                await Task.WhenAll(_tasks.Keys).WaitAsync(remaining).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return false;
            }
            catch
            {
                // Failures of the tracked tasks are theirs to report.
            }
        }

        return true;
    }
}
