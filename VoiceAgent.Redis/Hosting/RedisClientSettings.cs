namespace VoiceAgent.Redis.Hosting;

/// <summary>
/// Settings of a client registered with <c>AddRedisClient</c>, bound from the configuration section
/// <c>VoiceAgent:Redis</c> (or <c>VoiceAgent:Redis:{name}</c> for a keyed client).
/// </summary>
public sealed class RedisClientSettings
{
    /// <summary>The connection string; <c>ConnectionStrings:{name}</c> wins when it is set.</summary>
    public string? ConnectionString { get; set; }

    public bool DisableHealthChecks { get; set; }

    public bool DisableTracing { get; set; }

    /// <summary>How long the health check's PING may take.</summary>
    public TimeSpan HealthCheckTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Adjusts the parsed options (timeouts, queue size, TLS validation, ...).</summary>
    public Action<RedisOptions>? ConfigureOptions { get; set; }
}
