using Microsoft.Extensions.Logging;

namespace VoiceAgent.ServiceDefaults.Resilience;

internal sealed partial class ResilienceTelemetry
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "HTTP client '{ClientName}': attempt {AttemptNumber} of {Method} {Target} failed ({Outcome}); retrying in {RetryDelayMs} ms")]
        public static partial void Retrying(ILogger logger, string clientName, string? method, string? target, int attemptNumber, string outcome, double retryDelayMs);

        [LoggerMessage(2, LogLevel.Error, "HTTP client '{ClientName}': circuit breaker opened for {BreakDurationMs} ms after {Outcome}")]
        public static partial void CircuitOpened(ILogger logger, string clientName, double breakDurationMs, string outcome);

        [LoggerMessage(3, LogLevel.Warning, "HTTP client '{ClientName}': circuit breaker half-open, letting a trial request through")]
        public static partial void CircuitHalfOpened(ILogger logger, string clientName);

        [LoggerMessage(4, LogLevel.Information, "HTTP client '{ClientName}': circuit breaker closed")]
        public static partial void CircuitClosed(ILogger logger, string clientName);

        [LoggerMessage(5, LogLevel.Warning, "HTTP client '{ClientName}': {StrategyName} of {TimeoutMs} ms elapsed for {Method} {Target}")]
        public static partial void TimedOut(ILogger logger, string clientName, string strategyName, double timeoutMs, string? method, string? target);
    }
}
