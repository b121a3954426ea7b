using Proto = VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.RocketMQ;

/// <summary>Waits the n-th listed delay before attempt n + 1; the last delay repeats.</summary>
internal sealed class CustomizedBackoffRetryPolicy : RetryPolicy
{
    public CustomizedBackoffRetryPolicy(int maxAttempts, IReadOnlyList<TimeSpan> delays)
        : base(maxAttempts)
    {
        if (delays.Count == 0)
        {
            throw new ArgumentException("A customized backoff needs at least one delay.", nameof(delays));
        }

        Delays = delays;
    }

    public IReadOnlyList<TimeSpan> Delays { get; }

    public override TimeSpan GetNextAttemptDelay(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var delay = Delays[Math.Min(attempt, Delays.Count) - 1];
        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
    }

    public override Proto.RetryPolicy ToProtobuf()
    {
        var backoff = new Proto.CustomizedBackoff();
        foreach (var delay in Delays)
        {
            backoff.Next.Add(ToDuration(delay));
        }

        return new Proto.RetryPolicy { MaxAttempts = MaxAttempts, CustomizedBackoff = backoff };
    }

    public override string ToString() => $"customized(maxAttempts={MaxAttempts}, delays=[{string.Join(", ", Delays)}])";
}
