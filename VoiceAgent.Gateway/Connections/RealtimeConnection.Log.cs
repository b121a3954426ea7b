using Microsoft.Extensions.Logging;

namespace VoiceAgent.Gateway.Connections;

internal sealed partial class RealtimeConnection
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Session {SessionId} connected as {ConnectionId} (resume: {IsResume}, last seq {LastSeq})")]
        public static partial void Opened(ILogger logger, string sessionId, string connectionId, bool isResume, long lastSeq);

        [LoggerMessage(2, LogLevel.Debug, "Session {SessionId} connection {ConnectionId} closing with {CloseCode} ({Reason})")]
        public static partial void Closing(ILogger logger, string sessionId, string connectionId, int closeCode, string reason);

        [LoggerMessage(3, LogLevel.Information, "Session {SessionId} connection {ConnectionId} closed with {CloseCode}: {UplinkMessages} uplink messages, delivered up to seq {LastSeq}")]
        public static partial void Closed(ILogger logger, string sessionId, string connectionId, int closeCode, long uplinkMessages, long lastSeq);

        [LoggerMessage(4, LogLevel.Warning, "Session {SessionId} connection {ConnectionId}: the broker failed")]
        public static partial void BrokerFailed(ILogger logger, string sessionId, string connectionId, Exception exception);

        [LoggerMessage(5, LogLevel.Warning, "Session {SessionId} connection {ConnectionId}: unsubscribing its lite topic failed")]
        public static partial void UnsubscribeFailed(ILogger logger, string sessionId, string connectionId, Exception exception);

        [LoggerMessage(6, LogLevel.Warning, "Session {SessionId}: downlink message {MessageId} dropped: {Problem}")]
        public static partial void BadDownlink(ILogger logger, string sessionId, string messageId, string problem);

        [LoggerMessage(7, LogLevel.Debug, "Session {SessionId} connection {ConnectionId}: invalid client frame ({Code}): {Message}")]
        public static partial void InvalidFrame(ILogger logger, string sessionId, string connectionId, string? code, string message);

        [LoggerMessage(8, LogLevel.Information, "Session {SessionId} connection {ConnectionId}: a write has been pending for {Pending}; closing as a slow client")]
        public static partial void SlowClient(ILogger logger, string sessionId, string connectionId, TimeSpan pending);

        [LoggerMessage(9, LogLevel.Information, "Session {SessionId} connection {ConnectionId}: no pong within {Deadline} of a ping; dropped (keep-alive timeout), its events wait for a resume")]
        public static partial void KeepAliveTimeout(ILogger logger, string sessionId, string connectionId, TimeSpan deadline);
    }
}
