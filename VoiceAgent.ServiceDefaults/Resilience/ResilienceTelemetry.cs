using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace VoiceAgent.ServiceDefaults.Resilience;

/// <summary>
/// Logs and counts what the HTTP resilience pipelines do: retries, timeouts and circuit breaker transitions.
/// The counter follows Polly's own instrument (<c>resilience.polly.strategy.events</c> and its tags) on meter
/// <see cref="MeterName"/>.
/// </summary>
internal sealed partial class ResilienceTelemetry
{
    public const string MeterName = "VoiceAgent.Resilience";
    public const string EventsInstrumentName = "resilience.polly.strategy.events";
    public const string PipelineName = "standard-http";
    public const string LoggerCategory = "VoiceAgent.ServiceDefaults.Resilience";

    private readonly Counter<long> _events;
    private readonly ILogger _logger;

    public ResilienceTelemetry(IMeterFactory meterFactory, ILoggerFactory loggerFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _events = meter.CreateCounter<long>(
            EventsInstrumentName,
            unit: "{event}",
            description: "Resilience events of HTTP clients: retries, timeouts and circuit breaker transitions.");
        _logger = loggerFactory.CreateLogger(LoggerCategory);
    }

    public void Retrying(string clientName, string strategyName, OnRetryArguments<HttpResponseMessage> args)
    {
        var request = ResilienceProperties.GetRequest(args.Context);
        Log.Retrying(
            _logger,
            clientName,
            request?.Method.Method,
            DescribeTarget(request),
            args.AttemptNumber + 1,
            Describe(args.Outcome),
            args.RetryDelay.TotalMilliseconds);
        Count("OnRetry", "Warning", clientName, strategyName, args.Outcome);
    }

    public void CircuitOpened(string clientName, string strategyName, OnCircuitOpenedArguments<HttpResponseMessage> args)
    {
        Log.CircuitOpened(_logger, clientName, args.BreakDuration.TotalMilliseconds, Describe(args.Outcome));
        Count("OnCircuitOpened", "Error", clientName, strategyName, args.Outcome);
    }

    public void CircuitHalfOpened(string clientName, string strategyName)
    {
        Log.CircuitHalfOpened(_logger, clientName);
        Count("OnCircuitHalfOpened", "Warning", clientName, strategyName, outcome: null);
    }

    public void CircuitClosed(string clientName, string strategyName, OnCircuitClosedArguments<HttpResponseMessage> args)
    {
        Log.CircuitClosed(_logger, clientName);
        Count("OnCircuitClosed", "Information", clientName, strategyName, args.Outcome);
    }

    public void TimedOut(string clientName, string strategyName, OnTimeoutArguments args)
    {
        var request = ResilienceProperties.GetRequest(args.Context);
        Log.TimedOut(_logger, clientName, strategyName, args.Timeout.TotalMilliseconds, request?.Method.Method, DescribeTarget(request));
        Count("OnTimeout", "Error", clientName, strategyName, outcome: null);
    }

    private void Count(string eventName, string severity, string clientName, string strategyName, Outcome<HttpResponseMessage>? outcome)
    {
        var tags = new TagList
        {
            { "event.name", eventName },
            { "event.severity", severity },
            { "pipeline.name", PipelineName },
            { "pipeline.instance", clientName },
            { "strategy.name", strategyName },
        };

        if (outcome?.Exception is { } exception)
        {
            tags.Add("exception.type", exception.GetType().FullName);
        }
        else if (outcome?.Result is { } response)
        {
            tags.Add("http.response.status_code", (int)response.StatusCode);
        }

        _events.Add(1, tags);
    }

    // The query string may hold credentials: never log it.
    private static string? DescribeTarget(HttpRequestMessage? request) =>
        request?.RequestUri is { IsAbsoluteUri: true } uri ? uri.GetLeftPart(UriPartial.Path) : request?.RequestUri?.OriginalString;

    private static string Describe(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception switch
        {
            TimeoutRejectedException timeout => $"attempt timed out after {timeout.Timeout.TotalMilliseconds} ms",
            { } exception => $"{exception.GetType().Name}: {exception.Message}",
            null when outcome.Result is { } response => $"{(int)response.StatusCode} {response.ReasonPhrase}",
            null => "no response",
        };
}
