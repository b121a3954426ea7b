using Polly.CircuitBreaker;

namespace VoiceAgent.ServiceDefaults.Resilience;

/// <summary>
/// Circuit breaker over transient HTTP failures: opens for 5 s when at least 10% of at least 100 attempts within
/// 30 s failed.
/// </summary>
public sealed class HttpCircuitBreakerStrategyOptions : CircuitBreakerStrategyOptions<HttpResponseMessage>
{
    /// <summary>Creates the standard circuit breaker options.</summary>
    public HttpCircuitBreakerStrategyOptions()
    {
        Name = "CircuitBreaker";
        FailureRatio = 0.1;
        SamplingDuration = TimeSpan.FromSeconds(30);
        MinimumThroughput = 100;
        BreakDuration = TimeSpan.FromSeconds(5);
        ShouldHandle = args => ValueTask.FromResult(HttpResiliencePredicates.IsTransient(args.Outcome));
    }
}
