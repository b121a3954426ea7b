namespace VoiceAgent.RocketMQ;

/// <summary>
/// Where the RocketMQ 5 proxy is and how to talk to it. Bound from the <c>RocketMQ:Client</c> configuration
/// section; the connection string (<c>ConnectionStrings:rocketmq</c>) overrides the values it names.
/// </summary>
public sealed class RocketMQClientOptions
{
    /// <summary>The configuration section bound by the dependency injection helpers.</summary>
    public const string DefaultConfigSectionName = "RocketMQ:Client";

    /// <summary>The proxy's access point: <c>host:port</c>, several separated by <c>;</c> or <c>,</c>.</summary>
    public string Endpoints { get; set; } = "";

    /// <summary>The namespace of every topic and group this client uses; empty for none.</summary>
    public string Namespace { get; set; } = "";

    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    /// <summary>Optional session token of temporary credentials, sent as <c>x-mq-session-token</c>.</summary>
    public string? SecurityToken { get; set; }

    /// <summary>Whether to use TLS (HTTP/2 over TLS) instead of cleartext HTTP/2.</summary>
    public bool Tls { get; set; }

    /// <summary>The deadline of each request; long polls add their polling time to it.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(3);

    internal bool HasCredentials => !string.IsNullOrEmpty(AccessKey) && !string.IsNullOrEmpty(SecretKey);

    internal RocketMQClientOptions Clone() => (RocketMQClientOptions)MemberwiseClone();

    /// <summary>Throws a clear error when the options cannot work.</summary>
    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Endpoints))
        {
            throw new InvalidOperationException(
                "RocketMQ endpoints are not configured: set ConnectionStrings:rocketmq (Endpoints=host:port;...) " +
                $"or {DefaultConfigSectionName}:Endpoints.");
        }

        _ = BrokerEndpoints.Parse(Endpoints);
        if (RequestTimeout <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"RocketMQ RequestTimeout must be positive, not {RequestTimeout}.");
        }

        if (string.IsNullOrEmpty(AccessKey) != string.IsNullOrEmpty(SecretKey))
        {
            throw new InvalidOperationException("RocketMQ AccessKey and SecretKey must be set together.");
        }
    }
}
