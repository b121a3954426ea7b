using Microsoft.Extensions.Logging;

namespace VoiceAgent.Hosting;

public sealed partial class DistributedApplication
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Resource API: {ResourceApiUrl}")]
        public static partial void ResourceApiListening(ILogger logger, Uri resourceApiUrl);

        [LoggerMessage(2, LogLevel.Information, "Shutting down: stopping every resource")]
        public static partial void ShuttingDown(ILogger logger);

        [LoggerMessage(3, LogLevel.Warning, "Second stop signal: killing every resource now")]
        public static partial void ForcedStop(ILogger logger);
    }
}
