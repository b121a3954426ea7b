namespace VoiceAgent.Mocks;

/// <summary>
/// Waits for deadlines measured from one start time, so that per-token or per-chunk delays never add up to drift,
/// and pauses the output for a stall.
/// </summary>
internal sealed class Pacer(TimeProvider time)
{
    private readonly long _start = time.GetTimestamp();
    private TimeSpan _shift;
    private TimeSpan _notBefore;

    public TimeSpan Elapsed => time.GetElapsedTime(_start);

    /// <summary>Pauses the output for <paramref name="pause"/> from now, and moves every later deadline back as much.</summary>
    public void Stall(TimeSpan pause)
    {
        if (pause > TimeSpan.Zero)
        {
            _shift += pause;
            _notBefore = Elapsed + pause;
        }
    }

    public Task WaitUntilAsync(TimeSpan due, CancellationToken cancellationToken)
    {
        var deadline = due + _shift > _notBefore ? due + _shift : _notBefore;
        var remaining = deadline - Elapsed;
        if (remaining > TimeSpan.Zero)
        {
            return Task.Delay(remaining, time, cancellationToken);
        }

        return cancellationToken.IsCancellationRequested ? Task.FromCanceled(cancellationToken) : Task.CompletedTask;
    }
}
