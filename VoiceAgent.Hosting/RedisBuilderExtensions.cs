using System.Globalization;
using VoiceAgent.Hosting.ApplicationModel;

namespace VoiceAgent.Hosting;

/// <summary>Adds a Redis server, run from the <c>redis-server</c> program of this machine.</summary>
public static class RedisBuilderExtensions
{
    /// <summary>The program that runs Redis.</summary>
    public const string RedisServerCommand = "redis-server";

    /// <summary>
    /// Adds <c>redis-server</c> without persistence on a <c>tcp</c> endpoint, healthy when it answers PING, publishing
    /// the connection string <c>127.0.0.1:PORT</c>.
    /// </summary>
    public static IResourceBuilder<ExecutableResource> AddRedis(this IDistributedApplicationBuilder builder, string name, int? port = null) =>
        builder.AddExecutable(name, RedisServerCommand, builder.Environment.ContentRootPath)
            .WithEndpoint("tcp", scheme: "tcp", port: port)
            .WithArgs(context =>
            {
                var endpoint = context.Replica.GetEndpoint("tcp");
                context.Args.AddRange(["--port", endpoint.Port.ToString(CultureInfo.InvariantCulture), "--bind", endpoint.Host, "--save", string.Empty, "--appendonly", "no"]);
            })
            .WithTcpHealthCheck("tcp", request: "PING\r\n", expectedReply: "+PONG")
            .WithConnectionString(redis => redis.GetEndpoint("tcp").HostAndPort);
}
