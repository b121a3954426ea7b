using System.Diagnostics;

namespace VoiceAgent.LoadTest.Sessions;

/// <summary>
/// One turn: when the user's speech ended and which stages the server's events reached since, each timed on its
/// first occurrence. The receive loop marks stages; the turn loop awaits <see cref="Done"/>.
/// </summary>
internal sealed class TurnProbe(SessionMetrics metrics)
{
    private readonly bool[] _reached = new bool[Enum.GetValues<TurnStage>().Length];
    private readonly TaskCompletionSource<string> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _speechEnded;
    private volatile bool _measured;

    /// <summary>Whether the user's speech ended inside the measured window (the turn's figures count).</summary>
    public bool Measured => _measured;

    /// <summary>Completes with the status of <c>response.done</c>.</summary>
    public Task<string> Done => _done.Task;

    /// <summary>Whether the end of speech was stamped: events before it belong to no turn of ours.</summary>
    public bool Started => Volatile.Read(ref _speechEnded) != 0;

    /// <summary>Stamps the end of the user's speech: the moment latencies are measured from.</summary>
    public void SpeechEnded(bool measured)
    {
        _measured = measured;
        Volatile.Write(ref _speechEnded, Stopwatch.GetTimestamp());
    }

    /// <summary>Records the stage the first time it is reached (with the given timestamp).</summary>
    public void Reach(TurnStage stage, long timestamp)
    {
        var started = Volatile.Read(ref _speechEnded);
        if (started == 0 || _reached[(int)stage])
        {
            return;
        }

        _reached[(int)stage] = true;
        if (Measured)
        {
            metrics.Stage(stage).Record(Stopwatch.GetElapsedTime(started, timestamp).TotalMilliseconds);
        }
    }

    /// <summary>The session was lost: the turn ends without an answer (and without a figure).</summary>
    public void Abandon() => _done.TrySetResult("lost");

    /// <summary>response.done arrived with <paramref name="status"/>.</summary>
    public void Complete(string status, long timestamp)
    {
        Reach(TurnStage.Done, timestamp);
        _done.TrySetResult(status);
    }
}
