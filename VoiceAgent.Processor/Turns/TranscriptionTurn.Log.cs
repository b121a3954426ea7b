using Microsoft.Extensions.Logging;

namespace VoiceAgent.Processor.Turns;

internal sealed partial class TranscriptionTurn
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Session {SessionId}: transcription of {ItemId} failed ({Code}): {Message}")]
        public static partial void TranscriptionFailed(ILogger logger, string sessionId, string itemId, string code, string message);
    }
}
