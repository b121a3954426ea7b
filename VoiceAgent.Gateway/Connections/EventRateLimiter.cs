namespace VoiceAgent.Gateway.Connections;

/// <summary>A token bucket: <c>perSecond</c> frames a second, with a burst of one second's worth.</summary>
internal sealed class EventRateLimiter(int perSecond, TimeProvider time)
{
    private double _tokens = perSecond;
    private long _last = time.GetTimestamp();

    public bool TryTake()
    {
        var now = time.GetTimestamp();
        _tokens = Math.Min(perSecond, _tokens + (time.GetElapsedTime(_last, now).TotalSeconds * perSecond));
        _last = now;
        if (_tokens < 1)
        {
            return false;
        }

        _tokens--;
        return true;
    }
}
