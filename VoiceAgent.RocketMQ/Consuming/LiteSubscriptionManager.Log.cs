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

        [LoggerMessage(4, LogLevel.Information, "RocketMQ lite consumer {ClientId}: the server took lite topic {LiteTopic} of {BindTopic} away (another consumer of the exclusive group holds it)")]
        public static partial void Revoked(ILogger logger, string clientId, string liteTopic, string bindTopic);

        [LoggerMessage(5, LogLevel.Error, "RocketMQ lite consumer {ClientId}: the LiteTopicRevoked callback failed for lite topic {LiteTopic}")]
        public static partial void RevokedCallbackFailed(ILogger logger, string clientId, string liteTopic, Exception exception);
    }
}
