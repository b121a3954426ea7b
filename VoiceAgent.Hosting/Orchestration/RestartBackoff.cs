namespace VoiceAgent.Hosting.Orchestration;

/// <summary>Delays between restarts of a crashing replica: doubling up to a maximum, back to the start after a stable run.</summary>
internal sealed class RestartBackoff
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _maximum;
    private readonly TimeSpan _stableRunPeriod;
    private TimeSpan _next;

    public RestartBackoff(TimeSpan initial, TimeSpan maximum, TimeSpan stableRunPeriod)
    {
        _initial = initial;
        _maximum = maximum;
        _stableRunPeriod = stableRunPeriod;
        _next = initial;
    }

    public TimeSpan Next(TimeSpan lastRunTime)
    {
        if (lastRunTime >= _stableRunPeriod)
        {
            _next = _initial;
        }

        var delay = _next;
        _next = TimeSpan.FromTicks(Math.Min(_next.Ticks * 2, _maximum.Ticks));
        return delay;
    }
}
