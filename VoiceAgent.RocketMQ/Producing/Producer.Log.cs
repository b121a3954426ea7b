using Microsoft.Extensions.Logging;

namespace VoiceAgent.RocketMQ;

public sealed partial class Producer
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "RocketMQ producer {ClientId}: send attempt {Attempt} of {MaxAttempts} failed; retrying in {Delay}")]
        public static partial void Retrying(ILogger logger, string clientId, int attempt, int maxAttempts, TimeSpan delay, Exception exception);

        [LoggerMessage(2, LogLevel.Information, "RocketMQ producer {ClientId}: sent to {Topic} on attempt {Attempt} via {Endpoints}")]
        public static partial void ResendSucceeded(ILogger logger, string clientId, string topic, int attempt, BrokerEndpoints endpoints);

        [LoggerMessage(3, LogLevel.Error, "RocketMQ producer {ClientId}: sending to {Topic} failed after {Attempts} attempt(s)")]
        public static partial void SendFailed(ILogger logger, string clientId, string topic, int attempts, Exception exception);
    }
}
