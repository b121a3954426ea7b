using Microsoft.Extensions.Logging;

namespace VoiceAgent.ServiceDefaults.ServiceDiscovery;

internal sealed partial class ConfigurationServiceEndpointResolver
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Service discovery resolved '{ServiceAddress}' (service '{ServiceName}') to {EndpointCount} endpoint(s): {Endpoints}")]
        public static partial void Resolved(ILogger logger, string serviceAddress, string serviceName, int endpointCount, string endpoints);

        [LoggerMessage(2, LogLevel.Debug, "Service discovery passes '{ServiceAddress}' through unchanged: it is not a service name and is not configured")]
        public static partial void PassingThrough(ILogger logger, string serviceAddress);

        [LoggerMessage(3, LogLevel.Warning, "Service discovery found no endpoint for '{ServiceAddress}' (service '{ServiceName}')")]
        public static partial void NotFound(ILogger logger, string serviceAddress, string serviceName);

        [LoggerMessage(4, LogLevel.Debug, "Configuration reloaded: service endpoints will be read again")]
        public static partial void ConfigurationReloaded(ILogger logger);
    }
}
