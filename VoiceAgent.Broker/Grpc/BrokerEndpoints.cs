using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace VoiceAgent.Broker.Grpc;

/// <summary>Where the broker listens, known once Kestrel has bound its two endpoints (ports 0 become real ports).</summary>
internal sealed class BrokerEndpoints
{
    public ListenOptions? GrpcListener { get; set; }

    public ListenOptions? AdminListener { get; set; }

    public int GrpcPort => GrpcListener?.IPEndPoint?.Port ?? 0;

    public int AdminPort => AdminListener?.IPEndPoint?.Port ?? 0;

    public bool Tls { get; set; }

    /// <summary>The host put in routes when a client does not say which address it used.</summary>
    public string AdvertisedHost { get; set; } = IPAddress.Loopback.ToString();
}
