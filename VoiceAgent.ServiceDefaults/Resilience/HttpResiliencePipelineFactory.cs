using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace VoiceAgent.ServiceDefaults.Resilience;

/// <summary>
/// Builds a client's standard pipeline from its options: total timeout, retry, circuit breaker, attempt timeout.
/// The options are copied, never changed; the copies add what no configuration may take away: no retry of a body
/// that cannot be sent again nor after the caller gave up, <c>Retry-After</c>, and telemetry around the callbacks
/// the options already have.
/// </summary>
internal sealed class HttpResiliencePipelineFactory(ResilienceTelemetry telemetry, TimeProvider timeProvider)
{
    public ResiliencePipeline<HttpResponseMessage> Create(string clientName, HttpStandardResilienceOptions options)
    {
        Validate(clientName, options);

        return new ResiliencePipelineBuilder<HttpResponseMessage>
        {
            Name = ResilienceTelemetry.PipelineName,
            InstanceName = clientName,
            TimeProvider = timeProvider,
        }
            .AddTimeout(WithTelemetry(clientName, options.TotalRequestTimeout))
            .AddRetry(WithSafeguards(clientName, options.Retry))
            .AddCircuitBreaker(WithTelemetry(clientName, options.CircuitBreaker))
            .AddTimeout(WithTelemetry(clientName, options.AttemptTimeout))
            .Build();
    }

    private static void Validate(string clientName, HttpStandardResilienceOptions options)
    {
        if (options.AttemptTimeout.TimeoutGenerator is null
            && options.TotalRequestTimeout.TimeoutGenerator is null
            && options.AttemptTimeout.Timeout > options.TotalRequestTimeout.Timeout)
        {
            throw new InvalidOperationException(
                $"HTTP client '{clientName}': the attempt timeout ({options.AttemptTimeout.Timeout}) is longer than the total request timeout ({options.TotalRequestTimeout.Timeout}).");
        }
    }

    private TimeoutStrategyOptions WithTelemetry(string clientName, TimeoutStrategyOptions source)
    {
        var strategyName = source.Name ?? "Timeout";
        var onTimeout = source.OnTimeout;
        return new TimeoutStrategyOptions
        {
            Name = source.Name,
            Timeout = source.Timeout,
            TimeoutGenerator = source.TimeoutGenerator,
            OnTimeout = args =>
            {
                telemetry.TimedOut(clientName, strategyName, args);
                return onTimeout?.Invoke(args) ?? ValueTask.CompletedTask;
            },
        };
    }

    private RetryStrategyOptions<HttpResponseMessage> WithSafeguards(string clientName, HttpRetryStrategyOptions source)
    {
        var strategyName = source.Name ?? "Retry";
        var shouldHandle = source.ShouldHandle;
        var delayGenerator = source.DelayGenerator;
        var onRetry = source.OnRetry;
        var useRetryAfter = source.ShouldRetryAfterHeader;

        return new RetryStrategyOptions<HttpResponseMessage>
        {
            Name = source.Name,
            MaxRetryAttempts = source.MaxRetryAttempts,
            BackoffType = source.BackoffType,
            UseJitter = source.UseJitter,
            Delay = source.Delay,
            MaxDelay = source.MaxDelay,
            ShouldHandle = args => CanSendAgain(args.Context) ? shouldHandle(args) : ValueTask.FromResult(false),
            DelayGenerator = args =>
            {
                if (useRetryAfter
                    && args.Outcome.Result is { } response
                    && RetryAfterHeader.TryGetDelay(response, timeProvider, out var retryAfter))
                {
                    return ValueTask.FromResult<TimeSpan?>(retryAfter);
                }

                return delayGenerator?.Invoke(args) ?? ValueTask.FromResult<TimeSpan?>(null);
            },
            OnRetry = args =>
            {
                telemetry.Retrying(clientName, strategyName, args);
                return onRetry?.Invoke(args) ?? ValueTask.CompletedTask;
            },
        };
    }

    private CircuitBreakerStrategyOptions<HttpResponseMessage> WithTelemetry(string clientName, HttpCircuitBreakerStrategyOptions source)
    {
        var strategyName = source.Name ?? "CircuitBreaker";
        var onOpened = source.OnOpened;
        var onHalfOpened = source.OnHalfOpened;
        var onClosed = source.OnClosed;

        return new CircuitBreakerStrategyOptions<HttpResponseMessage>
        {
            Name = source.Name,
            FailureRatio = source.FailureRatio,
            MinimumThroughput = source.MinimumThroughput,
            SamplingDuration = source.SamplingDuration,
            BreakDuration = source.BreakDuration,
            BreakDurationGenerator = source.BreakDurationGenerator,
            ShouldHandle = source.ShouldHandle,
            ManualControl = source.ManualControl,
            StateProvider = source.StateProvider,
            OnOpened = args =>
            {
                telemetry.CircuitOpened(clientName, strategyName, args);
                return onOpened?.Invoke(args) ?? ValueTask.CompletedTask;
            },
            OnHalfOpened = args =>
            {
                telemetry.CircuitHalfOpened(clientName, strategyName);
                return onHalfOpened?.Invoke(args) ?? ValueTask.CompletedTask;
            },
            OnClosed = args =>
            {
                telemetry.CircuitClosed(clientName, strategyName, args);
                return onClosed?.Invoke(args) ?? ValueTask.CompletedTask;
            },
        };
    }

    private static bool CanSendAgain(ResilienceContext context) =>
        !context.CancellationToken.IsCancellationRequested
        && ReplayableContent.IsReplayable(ResilienceProperties.GetRequest(context)?.Content);
}
