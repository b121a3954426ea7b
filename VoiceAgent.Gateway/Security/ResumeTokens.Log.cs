using Microsoft.Extensions.Logging;

namespace VoiceAgent.Gateway.Security;

internal sealed partial class ResumeTokens
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "No VoiceAgent:ResumeKey is configured ({Environment}): resume tokens use a random key and work on this process only.")]
        public static partial void EphemeralResumeKey(ILogger logger, string environment);
    }
}
