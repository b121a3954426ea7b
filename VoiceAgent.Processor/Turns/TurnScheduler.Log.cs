using Microsoft.Extensions.Logging;

namespace VoiceAgent.Processor.Turns;

internal sealed partial class TurnScheduler
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Session {SessionId}: the turn runner failed.")]
        public static partial void RunnerFailed(ILogger logger, string sessionId, Exception exception);

        [LoggerMessage(2, LogLevel.Information, "Session {SessionId}: took over a turn whose processor stopped renewing its lease.")]
        public static partial void Reaped(ILogger logger, string sessionId);

        [LoggerMessage(3, LogLevel.Warning, "Looking for abandoned turns failed.")]
        public static partial void ReapFailed(ILogger logger, Exception exception);

        [LoggerMessage(4, LogLevel.Warning, "Reading the cancel flags of running responses failed.")]
        public static partial void PollFailed(ILogger logger, Exception exception);
    }
}
