using Polly;
using Polly.Retry;

namespace VoiceAgent.ServiceDefaults.Resilience;

/// <summary>
/// Retry of transient HTTP failures: 3 retries, exponential backoff from 2 s with jitter, and the server's
/// <c>Retry-After</c> when it sends one.
/// </summary>
public sealed class HttpRetryStrategyOptions : RetryStrategyOptions<HttpResponseMessage>
{
    /// <summary>Creates the standard retry options.</summary>
    public HttpRetryStrategyOptions()
    {
        Name = "Retry";
        MaxRetryAttempts = 3;
        BackoffType = DelayBackoffType.Exponential;
        UseJitter = true;
        Delay = TimeSpan.FromSeconds(2);
        ShouldHandle = args => ValueTask.FromResult(HttpResiliencePredicates.IsTransient(args.Outcome));
    }

    /// <summary>
    /// Wait as long as a response's <c>Retry-After</c> header says (seconds or an HTTP date) before the next
    /// attempt, instead of the computed backoff. On by default.
    /// </summary>
    public bool ShouldRetryAfterHeader { get; set; } = true;
}
