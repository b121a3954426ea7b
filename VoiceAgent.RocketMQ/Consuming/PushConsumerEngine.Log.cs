using Microsoft.Extensions.Logging;

namespace VoiceAgent.RocketMQ;

internal sealed partial class PushConsumerEngine
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "RocketMQ consumer {ClientId}: scanning assignments failed")]
        public static partial void AssignmentFailed(ILogger logger, string clientId, Exception exception);

        [LoggerMessage(2, LogLevel.Warning, "RocketMQ consumer {ClientId}: QueryAssignment for {Topic} failed")]
        public static partial void TopicAssignmentFailed(ILogger logger, string clientId, string topic, Exception exception);

        [LoggerMessage(3, LogLevel.Debug, "RocketMQ consumer {ClientId}: no queue of {Topic} assigned; keeping the current ones")]
        public static partial void NoAssignment(ILogger logger, string clientId, string topic);

        [LoggerMessage(4, LogLevel.Information, "RocketMQ consumer {ClientId}: receiving from {Queue}")]
        public static partial void QueueAssigned(ILogger logger, string clientId, MessageQueueInfo queue);

        [LoggerMessage(5, LogLevel.Information, "RocketMQ consumer {ClientId}: {Queue} is no longer assigned")]
        public static partial void QueueDropped(ILogger logger, string clientId, MessageQueueInfo queue);

        [LoggerMessage(6, LogLevel.Warning, "RocketMQ consumer {ClientId}: stopped with {Count} consumption task(s) still running")]
        public static partial void ShutdownTimedOut(ILogger logger, string clientId, int count);
    }
}
