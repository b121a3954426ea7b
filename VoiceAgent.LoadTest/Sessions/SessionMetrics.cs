using VoiceAgent.LoadTest.Measurement;

namespace VoiceAgent.LoadTest.Sessions;

/// <summary>What every session of a run reports into: latency histograms per turn stage and the error counters.</summary>
internal sealed class SessionMetrics
{
    private readonly LatencyHistogram[] _stages = [.. Enum.GetValues<TurnStage>().Select(_ => new LatencyHistogram())];
    private long _turns;
    private long _errorEvents;
    private long _failedResponses;
    private long _turnTimeouts;
    private long _connectFailures;
    private long _unexpectedCloses;
    private long _reconnects;
    private long _lostEvents;
    private long _duplicateEvents;
    private int _firstErrorsLeft = 5;

    /// <summary>Connect -> session.updated.</summary>
    public LatencyHistogram Setup { get; } = new();

    public long Turns => Interlocked.Read(ref _turns);

    public long ErrorEvents => Interlocked.Read(ref _errorEvents);

    public long FailedResponses => Interlocked.Read(ref _failedResponses);

    public long TurnTimeouts => Interlocked.Read(ref _turnTimeouts);

    public long ConnectFailures => Interlocked.Read(ref _connectFailures);

    public long UnexpectedCloses => Interlocked.Read(ref _unexpectedCloses);

    public long Reconnects => Interlocked.Read(ref _reconnects);

    public long LostEvents => Interlocked.Read(ref _lostEvents);

    public long DuplicateEvents => Interlocked.Read(ref _duplicateEvents);

    /// <summary>Everything that went wrong, except seq anomalies (reported on their own) and reconnects that worked.</summary>
    public long Errors => ErrorEvents + FailedResponses + TurnTimeouts + ConnectFailures + UnexpectedCloses;

    public LatencyHistogram Stage(TurnStage stage) => _stages[(int)stage];

    public void TurnCompleted() => Interlocked.Increment(ref _turns);

    public void ErrorEvent(string description)
    {
        Interlocked.Increment(ref _errorEvents);
        Describe(description);
    }

    public void FailedResponse(string status)
    {
        Interlocked.Increment(ref _failedResponses);
        Describe($"response.done with status {status}");
    }

    public void TurnTimedOut(string sessionId)
    {
        Interlocked.Increment(ref _turnTimeouts);
        Describe($"session {sessionId}: no response.done in time");
    }

    public void ConnectFailed(string description)
    {
        Interlocked.Increment(ref _connectFailures);
        Describe(description);
    }

    public void ClosedUnexpectedly(string description)
    {
        Interlocked.Increment(ref _unexpectedCloses);
        Describe(description);
    }

    public void Reconnected() => Interlocked.Increment(ref _reconnects);

    public void Lost(long count) => Interlocked.Add(ref _lostEvents, count);

    public void Duplicate() => Interlocked.Increment(ref _duplicateEvents);

    /// <summary>The first few problems go to stderr, so a failed run says why without flooding the output.</summary>
    private void Describe(string description)
    {
        if (Interlocked.Decrement(ref _firstErrorsLeft) >= 0)
        {
            Console.Error.WriteLine($"sessions: {description}");
        }
    }
}
