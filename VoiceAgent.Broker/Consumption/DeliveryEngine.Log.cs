using Microsoft.Extensions.Logging;

namespace VoiceAgent.Broker.Consumption;

internal sealed partial class DeliveryEngine
{
    private static partial class Log
    {
        [LoggerMessage(1001, LogLevel.Information, "Message {MessageId} of {Queue} moved to {DeadLetterTopic} for group {Group} after its last attempt")]
        public static partial void DeadLettered(ILogger logger, string messageId, string queue, string group, string deadLetterTopic);

        [LoggerMessage(1002, LogLevel.Information, "Released {Count} in-flight messages of {Queue} held by departed client {ClientId}")]
        public static partial void ReleasedDeliveries(ILogger logger, int count, string clientId, string queue);

        [LoggerMessage(1004, LogLevel.Information, "Released {Count} in-flight messages of {Queue} held by client {ClientId}, which lost the lite topic to another consumer of its exclusive group")]
        public static partial void ReleasedEvicted(ILogger logger, int count, string clientId, string queue);

        [LoggerMessage(1003, LogLevel.Error, "Handling an expired invisible time on {Queue} failed")]
        public static partial void ExpiryFailed(ILogger logger, Exception exception, string queue);
    }
}
