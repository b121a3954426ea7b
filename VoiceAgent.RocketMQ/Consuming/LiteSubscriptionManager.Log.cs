using Microsoft.Extensions.Logging;

namespace VoiceAgent.RocketMQ;

internal sealed partial class LiteSubscriptionManager
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "RocketMQ lite consumer {ClientId}: syncing the complete lite subscription set failed")]
        public static partial void SyncAllFailed(ILogger logger, string clientId, Exception exception);

        [LoggerMessage(2, LogLevel.Debug, "RocketMQ lite consumer {ClientId}: subscribed lite topic {LiteTopic} of {BindTopic}")]
        public static partial void Subscribed(ILogger logger, string clientId, string liteTopic, string bindTopic);

        [LoggerMessage(3, LogLevel.Debug, "RocketMQ lite consumer {ClientId}: unsubscribed lite topic {LiteTopic} of {BindTopic}")]
        public static partial void Unsubscribed(ILogger logger, string clientId, string liteTopic, string bindTopic);
    }
}
