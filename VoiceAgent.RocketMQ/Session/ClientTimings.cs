namespace VoiceAgent.RocketMQ;

/// <summary>
/// The periods and delays of the client session, as the official clients use them. Tests shorten them.
/// </summary>
internal sealed class ClientTimings
{
    public static ClientTimings Default { get; } = new();

    public TimeSpan RouteRefreshInterval { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan SettingsSyncInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long startup waits for the server's settings, on top of the request timeout.</summary>
    public TimeSpan SettingsTimeout { get; init; } = TimeSpan.FromSeconds(3);

    public TimeSpan TelemetryReconnectDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan TelemetryReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    public int StartupRouteAttempts { get; init; } = 3;

    public TimeSpan StartupRouteRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan QueryAssignmentInterval { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan LiteSubscriptionSyncInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Between attempts to ack, change invisible time or dead-letter a message.</summary>
    public TimeSpan SettleRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan ReceiveFailureDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>After TOO_MANY_REQUESTS on a receive.</summary>
    public TimeSpan ReceiveFlowControlDelay { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>How often a queue whose cache is full looks again.</summary>
    public TimeSpan CacheFullDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long an endpoint that failed a send is avoided.</summary>
    public TimeSpan IsolationDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long disposing a push consumer waits for running handlers.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
