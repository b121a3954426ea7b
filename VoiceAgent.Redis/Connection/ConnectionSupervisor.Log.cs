using Microsoft.Extensions.Logging;

namespace VoiceAgent.Redis.Connection;

internal sealed partial class ConnectionSupervisor
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Connected to Redis at {EndPoint}")]
        public static partial void Connected(ILogger logger, string endPoint);

        [LoggerMessage(2, LogLevel.Information, "Reconnected to Redis at {EndPoint} after {DowntimeMs} ms")]
        public static partial void Reconnected(ILogger logger, string endPoint, long downtimeMs);

        [LoggerMessage(3, LogLevel.Warning, "Connecting to Redis at {EndPoint} failed (attempt {Attempt}); retrying in {RetryDelayMs} ms")]
        public static partial void ConnectFailed(ILogger logger, string endPoint, int attempt, long retryDelayMs, Exception exception);

        [LoggerMessage(4, LogLevel.Error, "Redis at {EndPoint} rejected the connection setup (attempt {Attempt}); queued commands fail until the configuration is fixed; retrying in {RetryDelayMs} ms")]
        public static partial void SetupRejected(ILogger logger, string endPoint, int attempt, long retryDelayMs, Exception exception);

        [LoggerMessage(5, LogLevel.Warning, "Lost the connection to Redis at {EndPoint}; commands that were waiting for replies failed and were not resent")]
        public static partial void ConnectionLost(ILogger logger, string endPoint, Exception exception);

        [LoggerMessage(6, LogLevel.Error, "Redis at {EndPoint} sent bytes that are not RESP; the connection was reset")]
        public static partial void ProtocolError(ILogger logger, string endPoint, Exception exception);
    }
}
