using Google.Protobuf.WellKnownTypes;
using Proto = VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.RocketMQ;

/// <summary>Waits <c>min(initial * multiplier^(attempt-1), max)</c> before the next attempt.</summary>
internal sealed class ExponentialBackoffRetryPolicy(int maxAttempts, TimeSpan initial, TimeSpan max, double multiplier)
    : RetryPolicy(maxAttempts)
{
    public TimeSpan Initial { get; } = initial < TimeSpan.Zero ? TimeSpan.Zero : initial;

    public TimeSpan Max { get; } = max < TimeSpan.Zero ? TimeSpan.Zero : max;

    public double Multiplier { get; } = multiplier <= 0 || double.IsNaN(multiplier) ? 1 : multiplier;

    /// <summary>Retries at once: what producers start with until the server sends its backoff.</summary>
    public static ExponentialBackoffRetryPolicy Immediate(int maxAttempts) => new(maxAttempts, TimeSpan.Zero, TimeSpan.Zero, 1);

    public static ExponentialBackoffRetryPolicy FromProtobuf(int maxAttempts, Proto.ExponentialBackoff backoff) => new(
        maxAttempts,
        backoff.Initial?.ToTimeSpan() ?? TimeSpan.Zero,
        backoff.Max?.ToTimeSpan() ?? TimeSpan.Zero,
        backoff.Multiplier);

    public override TimeSpan GetNextAttemptDelay(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var ticks = Math.Min(Initial.Ticks * Math.Pow(Multiplier, attempt - 1), Max.Ticks);
        return ticks <= 0 || double.IsNaN(ticks) ? TimeSpan.Zero : TimeSpan.FromTicks((long)ticks);
    }

    public override Proto.RetryPolicy ToProtobuf() => new()
    {
        MaxAttempts = MaxAttempts,
        ExponentialBackoff = new Proto.ExponentialBackoff
        {
            Initial = ToDuration(Initial),
            Max = ToDuration(Max),
            Multiplier = (float)Multiplier,
        },
    };

    public override string ToString() => $"exponential(maxAttempts={MaxAttempts}, initial={Initial}, max={Max}, multiplier={Multiplier})";
}
