using Microsoft.Extensions.Logging;

namespace VoiceAgent.Processor.Uplink;

internal sealed partial class UplinkHandler
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Dropping uplink message {MessageId}: {Error}")]
        public static partial void InvalidMessage(ILogger logger, string messageId, string error);

        [LoggerMessage(2, LogLevel.Warning, "Session {SessionId}: ignoring an unreadable control message.")]
        public static partial void InvalidControl(ILogger logger, string sessionId);

        [LoggerMessage(3, LogLevel.Debug, "Session {SessionId}: {ControlType} from connection {ConnectionId}.")]
        public static partial void Control(ILogger logger, string sessionId, string controlType, string connectionId);
    }
}
