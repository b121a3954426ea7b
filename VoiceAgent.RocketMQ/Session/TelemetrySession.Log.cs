using Microsoft.Extensions.Logging;

namespace VoiceAgent.RocketMQ;

internal sealed partial class TelemetrySession
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "RocketMQ client {ClientId}: the Telemetry stream to {Endpoints} ended; reconnecting")]
        public static partial void StreamEnded(ILogger logger, string clientId, BrokerEndpoints endpoints);

        [LoggerMessage(2, LogLevel.Warning, "RocketMQ client {ClientId}: the Telemetry stream to {Endpoints} failed; reconnecting")]
        public static partial void StreamFailed(ILogger logger, string clientId, BrokerEndpoints endpoints, Exception exception);

        [LoggerMessage(3, LogLevel.Information, "RocketMQ client {ClientId}: reopening the Telemetry stream to {Endpoints} ({Reason})")]
        public static partial void StreamRestarting(ILogger logger, string clientId, BrokerEndpoints endpoints, string reason);

        [LoggerMessage(4, LogLevel.Information, "RocketMQ client {ClientId}: {Endpoints} asked to reconnect")]
        public static partial void ReconnectRequested(ILogger logger, string clientId, BrokerEndpoints endpoints);

        [LoggerMessage(5, LogLevel.Warning, "RocketMQ client {ClientId}: unknown Telemetry command {Command} from {Endpoints}")]
        public static partial void UnknownCommand(ILogger logger, string clientId, BrokerEndpoints endpoints, string command);

        [LoggerMessage(6, LogLevel.Debug, "RocketMQ client {ClientId}: closing the Telemetry stream to {Endpoints} failed")]
        public static partial void CloseFailed(ILogger logger, string clientId, BrokerEndpoints endpoints, Exception exception);
    }
}
