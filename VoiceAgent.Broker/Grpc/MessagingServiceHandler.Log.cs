using Microsoft.Extensions.Logging;

namespace VoiceAgent.Broker.Grpc;

internal sealed partial class MessagingServiceHandler
{
    private static partial class Log
    {
        [LoggerMessage(6001, LogLevel.Warning, "Refused {Method} from client {ClientId} at {Peer}: {Reason}")]
        public static partial void Unauthorized(ILogger logger, string method, string clientId, string peer, string reason);

        [LoggerMessage(6002, LogLevel.Debug, "The response to a receive of client {ClientId} did not reach it; {Count} messages were put back")]
        public static partial void ReceiveNotDelivered(ILogger logger, string clientId, int count, Exception exception);

        [LoggerMessage(6003, LogLevel.Debug, "Telemetry stream of client {ClientId} ended")]
        public static partial void TelemetryEnded(ILogger logger, string clientId);
    }
}
