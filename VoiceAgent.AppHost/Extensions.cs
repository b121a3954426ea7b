using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using VoiceAgent.Hosting.ApplicationModel;

namespace VoiceAgent.AppHost;

/// <summary>AppHost-specific pieces of the model.</summary>
internal static class Extensions
{
    /// <summary>The path of the gateways' WebSocket endpoint.</summary>
    public const string RealtimePath = "/v1/realtime";

    /// <summary>
    /// The embedded RocketMQ 5 broker (VoiceAgent.Broker): an <c>http</c> endpoint for its admin API and health, a
    /// <c>grpc</c> endpoint (h2c) for clients, and the connection string clients read from
    /// <c>ConnectionStrings__{name}</c>. The broker reads its ports from <c>Broker__AdminPort</c> and
    /// <c>Broker__GrpcPort</c>. It declares the voice link's topics and groups: the FIFO uplink consumed in order per
    /// session by the processors, and the LITE downlink whose lite topics (one per session) the gateways subscribe,
    /// one gateway at a time per session (exclusive). Delivered downlink events stay for 2 minutes (<c>retain</c>), so
    /// a client that reconnects to another gateway gets every event after its <c>last_seq</c>.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddRocketMQBroker(this IDistributedApplicationBuilder builder, string name) =>
        builder.AddProject<Projects.VoiceAgent_Broker>(name)
            .WithEndpoint("grpc", scheme: "http", env: "Broker__GrpcPort")
            .WithEnvironment(context => context.EnvironmentVariables["Broker__AdminPort"] =
                context.Replica.GetEndpoint("http").Port.ToString(CultureInfo.InvariantCulture))
            .WithArgs(
                "--topic", "voice-uplink:FIFO",
                "--topic", "voice-downlink:LITE:expiration=10m,retain=2m",
                "--group", "voice-processor:FIFO",
                "--group", "voice-gateway:lite-bind=voice-downlink:exclusive")
            .WithConnectionString(broker => $"Endpoints={broker.GetEndpoint("grpc").HostAndPort};Namespace=;Tls=false")
            .WithHttpHealthCheck("/health");

    /// <summary>
    /// The gateway keys (<see cref="GatewayKeys"/>): from the AppHost's configuration <c>VoiceAgent:ApiKey</c> and
    /// <c>VoiceAgent:ResumeKey</c>, generated when unset and then readable there.
    /// </summary>
    public static GatewayKeys AddGatewayKeys(this IDistributedApplicationBuilder builder) =>
        GatewayKeys.FromConfiguration(builder.Configuration);

    /// <summary>
    /// Gives every replica of the gateway the shared keys (<c>VoiceAgent__ApiKey</c>, <c>VoiceAgent__ResumeKey</c>)
    /// and prints its WebSocket URLs with the API key once they are healthy.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithGatewayKeys(this IResourceBuilder<ProjectResource> gateway, GatewayKeys keys)
    {
        var builder = gateway.ApplicationBuilder;
        builder.Services.AddHostedService(sp => new GatewayAnnouncer(
            gateway.Resource.Name,
            RealtimePath,
            keys,
            sp.GetRequiredService<ResourceNotificationService>(),
            sp.GetRequiredService<DistributedApplicationOptions>()));
        return gateway
            .WithEnvironment(GatewayKeys.ApiKeyVariable, keys.ApiKey)
            .WithEnvironment(GatewayKeys.ResumeKeyVariable, keys.ResumeKey);
    }
}
