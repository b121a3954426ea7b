using Microsoft.Extensions.Logging;

namespace VoiceAgent.Processor.Turns;

internal sealed partial class ResponseTurn
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Session {SessionId}: continuing response {ResponseId} after a takeover, {Published} events already published.")]
        public static partial void Continuing(ILogger logger, string sessionId, string responseId, int published);

        [LoggerMessage(2, LogLevel.Warning, "Session {SessionId}: response {ResponseId} failed: the {Provider} provider failed ({Code}): {Message}")]
        public static partial void ProviderFailed(ILogger logger, string sessionId, string responseId, string provider, string code, string message);

        [LoggerMessage(3, LogLevel.Debug, "Session {SessionId}: response {ResponseId} ended {Status}.")]
        public static partial void ResponseEnded(ILogger logger, string sessionId, string responseId, string status);

        [LoggerMessage(4, LogLevel.Warning, "Session {SessionId}: the regenerated answer of response {ResponseId} differs from what was published before the takeover; it ends incomplete and a new response answers.")]
        public static partial void Diverged(ILogger logger, string sessionId, string responseId);
    }
}
