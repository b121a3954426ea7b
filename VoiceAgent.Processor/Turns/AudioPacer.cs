namespace VoiceAgent.Processor.Turns;

/// <summary>
/// Holds a response's audio back to at most <c>lead</c> ahead of playback time: playback is presumed to start when
/// the first audio goes out and to run in real time from there, so that a barge-in never waits behind seconds of
/// queued audio.
/// </summary>
internal sealed class AudioPacer(TimeSpan lead, TimeProvider time)
{
    private long _startTimestamp;
    private double _originMs = double.NaN;

    /// <summary>Waits until the audio starting at <paramref name="audioStartMs"/> (ms into the answer) may go out.</summary>
    public async ValueTask WaitAsync(double audioStartMs, CancellationToken cancellationToken)
    {
        if (double.IsNaN(_originMs))
        {
            _originMs = audioStartMs;
            _startTimestamp = time.GetTimestamp();
            return;
        }

        var due = TimeSpan.FromMilliseconds(audioStartMs - _originMs) - lead;
        var wait = due - time.GetElapsedTime(_startTimestamp);
        if (wait > TimeSpan.FromMilliseconds(1))
        {
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
