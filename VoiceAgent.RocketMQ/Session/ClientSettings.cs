using System.Runtime.InteropServices;
using Google.Protobuf.WellKnownTypes;
using Proto = VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.RocketMQ;

/// <summary>
/// The settings one client announces on its Telemetry streams and the part of the server's answer it applies.
/// </summary>
internal abstract class ClientSettings(Proto.ClientType clientType, BrokerEndpoints accessPoint, TimeSpan requestTimeout)
{
    private volatile RetryPolicy? _retryPolicy;

    public Proto.ClientType ClientType { get; } = clientType;

    public BrokerEndpoints AccessPoint { get; } = accessPoint;

    public TimeSpan RequestTimeout { get; } = requestTimeout;

    /// <summary>The current retry policy; null until there is one.</summary>
    public RetryPolicy? RetryPolicy
    {
        get => _retryPolicy;
        protected set => _retryPolicy = value;
    }

    /// <summary>The settings command written first on every Telemetry stream.</summary>
    public Proto.Settings ToProtobuf()
    {
        var settings = new Proto.Settings
        {
            ClientType = ClientType,
            AccessPoint = AccessPoint.ToProtobuf(),
            RequestTimeout = Duration.FromTimeSpan(RequestTimeout),
            UserAgent = UserAgent,
        };

        if (RetryPolicy is { } policy)
        {
            settings.BackoffPolicy = policy.ToProtobuf();
        }

        AddPubSub(settings);
        return settings;
    }

    /// <summary>Applies what the server sent; called for the first settings and every later one.</summary>
    public abstract void Apply(Proto.Settings settings);

    protected abstract void AddPubSub(Proto.Settings settings);

    private static Proto.UA UserAgent { get; } = new()
    {
        Language = Proto.Language.DotNet,
        Version = ClientIdentity.Version,
        Platform = RuntimeInformation.OSDescription,
        Hostname = ClientIdentity.HostName,
    };
}
