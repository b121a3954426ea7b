using Microsoft.Extensions.Logging;

namespace VoiceAgent.Processor.Turns;

internal sealed partial class TurnRunner
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Session {SessionId}: a turn job failed (attempt {Attempt}); trying again.")]
        public static partial void JobFailed(ILogger logger, string sessionId, int attempt, Exception exception);

        [LoggerMessage(2, LogLevel.Error, "Session {SessionId}: giving up on a turn job that keeps failing.")]
        public static partial void GivingUp(ILogger logger, string sessionId);

        [LoggerMessage(3, LogLevel.Warning, "Session {SessionId}: could not renew the turn lease.")]
        public static partial void RenewFailed(ILogger logger, string sessionId, Exception exception);

        [LoggerMessage(4, LogLevel.Warning, "Session {SessionId}: the turn lease was lost; another processor continues.")]
        public static partial void LeaseLost(ILogger logger, string sessionId);

        [LoggerMessage(5, LogLevel.Warning, "Session {SessionId}: could not hand the turn lease off at shutdown; it expires instead.")]
        public static partial void HandOffFailed(ILogger logger, string sessionId, Exception exception);
    }
}
