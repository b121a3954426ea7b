using Microsoft.Extensions.Logging;

namespace VoiceAgent.Broker.Storage;

internal sealed partial class TopicStore
{
    private static partial class Log
    {
        [LoggerMessage(
            7001,
            LogLevel.Warning,
            "Queue {Queue} is full and consumer group {Group} has not received from it for {Timeout}: its {Count} oldest unsettled messages were skipped for it")]
        public static partial void SkippedForInactiveGroup(ILogger logger, long count, string queue, string group, TimeSpan timeout);
    }
}
