using Polly.Timeout;

namespace VoiceAgent.ServiceDefaults.Resilience;

/// <summary>
/// The standard resilience pipeline of an HttpClient, outermost first: total request timeout (30 s), retry,
/// circuit breaker, attempt timeout (10 s). Configured per client name as named options; see
/// <c>AddStandardResilienceHandler</c> and <c>ConfigureStandardResilience</c>.
/// </summary>
public sealed class HttpStandardResilienceOptions
{
    /// <summary>Bounds the whole request, retries and their delays included.</summary>
    public TimeoutStrategyOptions TotalRequestTimeout { get; set; } = new()
    {
        Name = "TotalRequestTimeout",
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>Retries transient failures.</summary>
    public HttpRetryStrategyOptions Retry { get; set; } = new();

    /// <summary>Stops calling a failing dependency for a while.</summary>
    public HttpCircuitBreakerStrategyOptions CircuitBreaker { get; set; } = new();

    /// <summary>Bounds each attempt; an attempt that times out is retried.</summary>
    public TimeoutStrategyOptions AttemptTimeout { get; set; } = new()
    {
        Name = "AttemptTimeout",
        Timeout = TimeSpan.FromSeconds(10),
    };
}
