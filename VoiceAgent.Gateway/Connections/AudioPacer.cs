namespace VoiceAgent.Gateway.Connections;

/// <summary>
/// Keeps output audio near playback speed: tracks when the audio written so far ends playing at the client and
/// holds the next chunk until that is no more than the lead ahead, so that a barge-in takes effect at once (the
/// client holds little unplayed audio). <see cref="Reset"/> after a barge-in, when the client drops what it holds.
/// </summary>
internal sealed class AudioPacer(TimeSpan lead, TimeProvider time)
{
    private long _playbackEnd;

    /// <summary>How long to wait before writing more audio.</summary>
    public TimeSpan DelayBeforeNext()
    {
        var ahead = time.GetElapsedTime(time.GetTimestamp(), _playbackEnd);
        return _playbackEnd == 0 || ahead <= lead ? TimeSpan.Zero : ahead - lead;
    }

    /// <summary>Audio of <paramref name="duration"/> was written.</summary>
    public void Written(TimeSpan duration)
    {
        var now = time.GetTimestamp();
        var start = _playbackEnd > now ? _playbackEnd : now;
        _playbackEnd = start + (long)(duration.TotalSeconds * time.TimestampFrequency);
    }

    /// <summary>The client dropped its unplayed audio: start afresh.</summary>
    public void Reset() => _playbackEnd = 0;
}
