using Microsoft.Extensions.Logging;

namespace VoiceAgent.Gateway.Hosting;

internal sealed partial class RealtimeGateway
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Resume of session {SessionId} refused: invalid resume token")]
        public static partial void ResumeRefused(ILogger logger, string sessionId);
    }
}
