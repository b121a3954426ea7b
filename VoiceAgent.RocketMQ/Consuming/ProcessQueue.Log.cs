using Microsoft.Extensions.Logging;

namespace VoiceAgent.RocketMQ;

internal sealed partial class ProcessQueue
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "RocketMQ consumer {ClientId}: flow control on {Queue}: {Reason}")]
        public static partial void FlowControlled(ILogger logger, string clientId, MessageQueueInfo queue, string reason);

        [LoggerMessage(2, LogLevel.Warning, "RocketMQ consumer {ClientId}: receiving from {Queue} failed")]
        public static partial void ReceiveFailed(ILogger logger, string clientId, MessageQueueInfo queue, Exception exception);

        [LoggerMessage(3, LogLevel.Debug, "RocketMQ consumer {ClientId}: cache of {Queue} is full ({Count} messages, {Bytes} bytes); receiving paused")]
        public static partial void CacheFull(ILogger logger, string clientId, MessageQueueInfo queue, long count, long bytes);

        [LoggerMessage(4, LogLevel.Warning, "RocketMQ consumer {ClientId}: {Operation} of message {MessageId} gave up: the receipt handle is no longer valid ({Reason})")]
        public static partial void ReceiptInvalid(ILogger logger, string clientId, string operation, string messageId, string reason);

        [LoggerMessage(5, LogLevel.Warning, "RocketMQ consumer {ClientId}: {Operation} of message {MessageId} failed (attempt {Attempt}); retrying")]
        public static partial void SettleFailed(ILogger logger, string clientId, string operation, string messageId, int attempt, Exception exception);

        [LoggerMessage(6, LogLevel.Warning, "RocketMQ consumer {ClientId}: {Operation} of message {MessageId} failed while stopping; not retried, the server redelivers it after its invisible time")]
        public static partial void SettleAbandoned(ILogger logger, string clientId, string operation, string messageId, Exception exception);
    }
}
