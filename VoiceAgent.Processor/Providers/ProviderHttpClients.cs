using Microsoft.Extensions.DependencyInjection;
using Polly;

namespace VoiceAgent.Processor.Providers;

/// <summary>
/// Registers the providers' named HttpClients: the standard resilience handler tuned per provider (its own circuit
/// breaker, timeouts that cover a call up to the response headers, quick retries: a voice turn cannot wait
/// seconds), and a fresh <c>x-request-id</c> per attempt. Streams are bounded by the clients' own first-byte and idle
/// timeouts instead of a total timeout.
/// </summary>
internal static class ProviderHttpClients
{
    public static void Add(IServiceCollection services, ProvidersOptions providers)
    {
        Add(services, ProviderNames.Asr, providers.Asr);
        Add(services, ProviderNames.Llm, providers.Llm);
        Add(services, ProviderNames.Tts, providers.Tts);
    }

    private static void Add(IServiceCollection services, string name, ProviderOptions provider)
    {
        services.AddHttpClient(name, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddHttpMessageHandler(() => new AttemptRequestIdHandler())
            .ConfigureStandardResilience(resilience =>
            {
                resilience.TotalRequestTimeout.Timeout = provider.TotalTimeout;
                resilience.AttemptTimeout.Timeout = provider.AttemptTimeout < provider.TotalTimeout ? provider.AttemptTimeout : provider.TotalTimeout;
                resilience.Retry.MaxRetryAttempts = Math.Max(1, provider.MaxRetries);
                if (provider.MaxRetries <= 0)
                {
                    resilience.Retry.ShouldHandle = static _ => ValueTask.FromResult(false);
                }

                resilience.Retry.Delay = provider.RetryDelay;
                resilience.Retry.BackoffType = DelayBackoffType.Exponential;
                resilience.CircuitBreaker.FailureRatio = provider.BreakerFailureRatio;
                resilience.CircuitBreaker.MinimumThroughput = Math.Max(2, provider.BreakerMinimumThroughput);
                resilience.CircuitBreaker.SamplingDuration = provider.BreakerSamplingDuration;
                resilience.CircuitBreaker.BreakDuration = provider.BreakerBreakDuration;
            });
    }
}
