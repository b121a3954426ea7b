using System.Globalization;

namespace VoiceAgent.Hosting.ApplicationModel;

/// <summary>The address one replica's endpoint listens on.</summary>
public sealed class AllocatedEndpoint(EndpointAnnotation endpoint, int replicaIndex, string host, int port)
{
    /// <summary>The endpoint this address belongs to.</summary>
    public EndpointAnnotation Endpoint { get; } = endpoint;

    /// <summary>The replica index.</summary>
    public int ReplicaIndex { get; } = replicaIndex;

    /// <summary>The host, e.g. <c>127.0.0.1</c>.</summary>
    public string Host { get; } = host;

    /// <summary>The port.</summary>
    public int Port { get; } = port;

    /// <summary><c>host:port</c>.</summary>
    public string HostAndPort => $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary><c>scheme://host:port</c>.</summary>
    public string Url => $"{Endpoint.UriScheme}://{HostAndPort}";

    /// <inheritdoc/>
    public override string ToString() => Url;
}
