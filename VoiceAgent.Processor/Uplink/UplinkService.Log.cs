using Microsoft.Extensions.Logging;

namespace VoiceAgent.Processor.Uplink;

internal sealed partial class UplinkService
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Consuming {Topic} as {Group}; turn lease owner {Owner}.")]
        public static partial void Started(ILogger logger, string topic, string group, string owner);

        [LoggerMessage(2, LogLevel.Warning, "Could not start the {What}; retrying.")]
        public static partial void StartFailed(ILogger logger, string what, Exception exception);
    }
}
