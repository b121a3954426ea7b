using Microsoft.Extensions.Logging;

namespace VoiceAgent.RocketMQ;

internal sealed partial class ConsumeInvoker
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "RocketMQ consumer {ClientId}: the handler failed on message {MessageId} of {Topic}")]
        public static partial void HandlerFailed(ILogger logger, string clientId, string messageId, string topic, Exception exception);
    }
}
