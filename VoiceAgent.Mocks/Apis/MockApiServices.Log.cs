using Microsoft.Extensions.Logging;

namespace VoiceAgent.Mocks.Apis;

internal sealed partial class MockApiServices
{
    internal static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Mock {Api} injects a {StatusCode} error into request {RequestKey}")]
        public static partial void ErrorInjected(ILogger logger, MockApi api, string requestKey, int statusCode);

        [LoggerMessage(2, LogLevel.Information, "Mock {Api} will stall request {RequestKey} for {StallMs} ms")]
        public static partial void StallPlanned(ILogger logger, MockApi api, string requestKey, double stallMs);

        [LoggerMessage(3, LogLevel.Debug, "Mock {Api} stopped: the client cancelled {Path}")]
        public static partial void Cancelled(ILogger logger, MockApi api, string path);

        [LoggerMessage(4, LogLevel.Information, "Mock {Api} rejected a request to {Path}: {Reason}")]
        public static partial void Rejected(ILogger logger, MockApi api, string path, string reason);

        [LoggerMessage(5, LogLevel.Error, "Mock {Api} failed on {Path}: {Reason}")]
        public static partial void Failed(ILogger logger, MockApi api, string path, string reason);
    }
}
