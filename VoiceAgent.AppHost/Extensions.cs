using System.Globalization;
using VoiceAgent.Hosting.ApplicationModel;

namespace VoiceAgent.AppHost;

/// <summary>AppHost-specific pieces of the model.</summary>
internal static class Extensions
{
    /// <summary>
    /// The embedded RocketMQ 5 broker (VoiceAgent.Broker): an <c>http</c> endpoint for its admin API and health, a
    /// <c>grpc</c> endpoint (h2c) for clients, and the connection string clients read from
    /// <c>ConnectionStrings__{name}</c>. The broker reads its ports from <c>Broker__AdminPort</c> and
    /// <c>Broker__GrpcPort</c>. It declares the voice link's topics and groups: the FIFO uplink consumed in order per
    /// session by the processors, and the LITE downlink whose lite topics (one per session) the gateways subscribe,
    /// one gateway at a time per session (exclusive).
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddRocketMQBroker(this IDistributedApplicationBuilder builder, string name) =>
        builder.AddProject<Projects.VoiceAgent_Broker>(name)
            .WithEndpoint("grpc", scheme: "http", env: "Broker__GrpcPort")
            .WithEnvironment(context => context.EnvironmentVariables["Broker__AdminPort"] =
                context.Replica.GetEndpoint("http").Port.ToString(CultureInfo.InvariantCulture))
            .WithArgs(
                "--topic", "voice-uplink:FIFO",
                "--topic", "voice-downlink:LITE:expiration=10m",
                "--group", "voice-processor:FIFO",
                "--group", "voice-gateway:lite-bind=voice-downlink:exclusive")
            .WithConnectionString(broker => $"Endpoints={broker.GetEndpoint("grpc").HostAndPort};Namespace=;Tls=false")
            .WithHttpHealthCheck("/health");
}
