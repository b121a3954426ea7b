using Microsoft.Extensions.Logging;
using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.Broker.Clients;

internal sealed partial class ClientLifecycle
{
    private static partial class Log
    {
        [LoggerMessage(2001, LogLevel.Information, "Client {ClientId} connected as {ClientType} (group '{Group}') from {Address}")]
        public static partial void ClientConnected(ILogger logger, string clientId, ClientType clientType, string group, string address);

        [LoggerMessage(2002, LogLevel.Information, "Client {ClientId} terminated")]
        public static partial void ClientTerminated(ILogger logger, string clientId);

        [LoggerMessage(2003, LogLevel.Warning, "Client {ClientId} stayed silent for more than {Timeout} and was dropped with its lite subscriptions")]
        public static partial void ClientTimedOut(ILogger logger, string clientId, TimeSpan timeout);

        [LoggerMessage(2004, LogLevel.Warning, "Settings of client {ClientId} refused with {Code}: {Reason}")]
        public static partial void SettingsRefused(ILogger logger, string clientId, Code code, string reason);
    }
}
