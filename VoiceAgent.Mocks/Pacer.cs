namespace VoiceAgent.Mocks;

/// <summary>
/// Waits for deadlines measured from one start time, so that per-token or per-chunk delays never add up to drift,
/// and shifts every later deadline when the response stalls.
/// </summary>
internal sealed class Pacer(TimeProvider time)
{
    private readonly long _start = time.GetTimestamp();
    private TimeSpan _shift;

    public TimeSpan Elapsed => time.GetElapsedTime(_start);

    /// <summary>Delays every deadline from now on by <paramref name="pause"/>.</summary>
    public void Stall(TimeSpan pause) => _shift += pause;

    public Task WaitUntilAsync(TimeSpan due, CancellationToken cancellationToken)
    {
        var remaining = due + _shift - Elapsed;
        if (remaining > TimeSpan.Zero)
        {
            return Task.Delay(remaining, time, cancellationToken);
        }

        return cancellationToken.IsCancellationRequested ? Task.FromCanceled(cancellationToken) : Task.CompletedTask;
    }
}
