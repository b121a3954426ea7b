using Microsoft.Extensions.Logging;

namespace VoiceAgent.Gateway.Hosting;

internal sealed partial class GatewayDrainService
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Shutting down: telling {Count} clients to reconnect elsewhere (1012)")]
        public static partial void Draining(ILogger logger, int count);

        [LoggerMessage(2, LogLevel.Warning, "Shutting down: {Count} connections did not close in time")]
        public static partial void DrainIncomplete(ILogger logger, int count);
    }
}
