using Google.Protobuf.WellKnownTypes;
using Proto = VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.RocketMQ;

/// <summary>
/// How many attempts an operation gets and how long to wait before each further attempt: sending retries
/// for producers, local redelivery for push consumers. The server's settings replace the backoff.
/// </summary>
internal abstract class RetryPolicy
{
    protected RetryPolicy(int maxAttempts)
    {
        MaxAttempts = Math.Max(1, maxAttempts);
    }

    public int MaxAttempts { get; }

    /// <summary>The delay before attempt <paramref name="attempt"/> + 1, where 1 is the first attempt.</summary>
    public abstract TimeSpan GetNextAttemptDelay(int attempt);

    public abstract Proto.RetryPolicy ToProtobuf();

    /// <summary>The policy the server sent, or null when it named no strategy.</summary>
    public static RetryPolicy? FromProtobuf(Proto.RetryPolicy? policy) => policy?.StrategyCase switch
    {
        Proto.RetryPolicy.StrategyOneofCase.ExponentialBackoff => ExponentialBackoffRetryPolicy.FromProtobuf(policy.MaxAttempts, policy.ExponentialBackoff),
        Proto.RetryPolicy.StrategyOneofCase.CustomizedBackoff when policy.CustomizedBackoff.Next.Count > 0 =>
            new CustomizedBackoffRetryPolicy(policy.MaxAttempts, policy.CustomizedBackoff.Next.Select(d => d.ToTimeSpan()).ToList()),
        _ => null,
    };

    /// <summary>This policy's attempt count with the server's backoff, as producers apply server settings.</summary>
    public RetryPolicy InheritBackoff(Proto.RetryPolicy? policy)
    {
        var server = FromProtobuf(policy);
        return server switch
        {
            ExponentialBackoffRetryPolicy e => new ExponentialBackoffRetryPolicy(MaxAttempts, e.Initial, e.Max, e.Multiplier),
            CustomizedBackoffRetryPolicy c => new CustomizedBackoffRetryPolicy(MaxAttempts, c.Delays),
            _ => this,
        };
    }

    protected static Duration ToDuration(TimeSpan span) => Duration.FromTimeSpan(span);
}
