using Microsoft.Extensions.Logging;
using Proto = VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.RocketMQ;

internal sealed partial class ClientSession
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "RocketMQ client {ClientId} ({ClientType}) starting against {AccessPoint}")]
        public static partial void Starting(ILogger logger, string clientId, Proto.ClientType clientType, BrokerEndpoints accessPoint);

        [LoggerMessage(2, LogLevel.Information, "RocketMQ client {ClientId} started")]
        public static partial void Started(ILogger logger, string clientId);

        [LoggerMessage(3, LogLevel.Information, "RocketMQ client {ClientId} stopped")]
        public static partial void Stopped(ILogger logger, string clientId);

        [LoggerMessage(4, LogLevel.Debug, "RocketMQ client {ClientId} applied the settings of {Endpoints}; retry policy {RetryPolicy}")]
        public static partial void SettingsApplied(ILogger logger, string clientId, BrokerEndpoints endpoints, RetryPolicy? retryPolicy);

        [LoggerMessage(5, LogLevel.Warning, "RocketMQ client {ClientId}: route of {Topic} not available yet (attempt {Attempt})")]
        public static partial void StartupRouteFailed(ILogger logger, string clientId, string topic, int attempt, Exception exception);

        [LoggerMessage(6, LogLevel.Warning, "RocketMQ client {ClientId}: heartbeat to {Endpoints} failed")]
        public static partial void HeartbeatFailed(ILogger logger, string clientId, BrokerEndpoints endpoints, Exception exception);

        [LoggerMessage(7, LogLevel.Information, "RocketMQ client {ClientId}: route of {Topic} changed to {Route}")]
        public static partial void RouteChanged(ILogger logger, string clientId, string topic, TopicRoute route);

        [LoggerMessage(8, LogLevel.Warning, "RocketMQ client {ClientId}: refreshing the route of {Topic} failed")]
        public static partial void RouteRefreshFailed(ILogger logger, string clientId, string topic, Exception exception);

        [LoggerMessage(9, LogLevel.Debug, "RocketMQ client {ClientId}: NotifyClientTermination to {Endpoints} failed")]
        public static partial void TerminationNotifyFailed(ILogger logger, string clientId, BrokerEndpoints endpoints, Exception exception);

        [LoggerMessage(10, LogLevel.Error, "RocketMQ client {ClientId}: a periodic task failed")]
        public static partial void PeriodicTaskFailed(ILogger logger, string clientId, Exception exception);

        [LoggerMessage(11, LogLevel.Information, "RocketMQ client {ClientId}: the server unsubscribed lite topic {LiteTopic}")]
        public static partial void UnsubscribeLiteNotified(ILogger logger, string clientId, string liteTopic);

        [LoggerMessage(12, LogLevel.Information, "RocketMQ client {ClientId}: the Telemetry stream to {Endpoints} is open again")]
        public static partial void TelemetryReconnected(ILogger logger, string clientId, BrokerEndpoints endpoints);

        [LoggerMessage(13, LogLevel.Warning, "RocketMQ client {ClientId}: message {MessageId} of {Topic} is corrupted (its body does not match its digest or cannot be decoded); it is settled as a failure")]
        public static partial void CorruptedMessage(ILogger logger, string clientId, string messageId, string topic);
    }
}
