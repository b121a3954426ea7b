using Microsoft.Extensions.Logging;
using VoiceAgent.RocketMQ;

namespace VoiceAgent.Tests.RocketMQ.Fakes;

/// <summary>Clients pointed at a fake server, with the session's periods shortened so that tests run quickly.</summary>
internal static class TestClients
{
    public static ClientTimings FastTimings { get; } = new()
    {
        RouteRefreshInterval = TimeSpan.FromMilliseconds(300),
        HeartbeatInterval = TimeSpan.FromMilliseconds(300),
        SettingsTimeout = TimeSpan.FromSeconds(2),
        TelemetryReconnectDelay = TimeSpan.FromMilliseconds(50),
        TelemetryReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
        StartupRouteAttempts = 1,
        QueryAssignmentInterval = TimeSpan.FromMilliseconds(300),
        LiteSubscriptionSyncInterval = TimeSpan.FromMilliseconds(300),
        SettleRetryDelay = TimeSpan.FromMilliseconds(50),
        ReceiveFailureDelay = TimeSpan.FromMilliseconds(100),
        CacheFullDelay = TimeSpan.FromMilliseconds(100),
        ShutdownTimeout = TimeSpan.FromSeconds(5),
    };

    public static RocketMQClient Create(
        FakeMessagingServer server,
        Action<RocketMQClientOptions>? configure = null,
        ClientTimings? timings = null,
        ILoggerFactory? loggerFactory = null)
    {
        var options = new RocketMQClientOptions { Endpoints = server.Endpoints, RequestTimeout = TimeSpan.FromSeconds(5) };
        configure?.Invoke(options);
        return new RocketMQClient(options, loggerFactory) { Timings = timings ?? FastTimings };
    }
}
