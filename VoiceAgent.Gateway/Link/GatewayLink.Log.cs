using Microsoft.Extensions.Logging;

namespace VoiceAgent.Gateway.Link;

internal sealed partial class GatewayLink
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Broker link ready: producer {ProducerId}, downlink consumer {ConsumerId}")]
        public static partial void Ready(ILogger logger, string producerId, string consumerId);

        [LoggerMessage(2, LogLevel.Warning, "Broker link attempt {Attempt} failed; retrying")]
        public static partial void ConnectFailed(ILogger logger, int attempt, Exception exception);
    }
}
