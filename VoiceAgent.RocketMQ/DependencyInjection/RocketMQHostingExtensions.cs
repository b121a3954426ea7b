using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VoiceAgent.RocketMQ;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registers a shared <see cref="RocketMQClient"/> the Aspire way.</summary>
public static class RocketMQHostingExtensions
{
    /// <summary>
    /// Registers <see cref="RocketMQClient"/> as a singleton configured from the <c>RocketMQ:Client</c> section,
    /// then from the connection string <c>ConnectionStrings:{connectionName}</c> (e.g. the
    /// <c>ConnectionStrings__rocketmq</c> environment variable), then by <paramref name="configure"/>.
    /// </summary>
    public static IHostApplicationBuilder AddRocketMQClient(
        this IHostApplicationBuilder builder,
        string connectionName = "rocketmq",
        Action<RocketMQClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddRocketMQClient(builder.Configuration, connectionName, configure);
        return builder;
    }

    /// <inheritdoc cref="AddRocketMQClient(IHostApplicationBuilder, string, Action{RocketMQClientOptions}?)"/>
    public static IServiceCollection AddRocketMQClient(
        this IServiceCollection services,
        IConfiguration configuration,
        string connectionName = "rocketmq",
        Action<RocketMQClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionName);

        services.AddOptions<RocketMQClientOptions>()
            .Bind(configuration.GetSection(RocketMQClientOptions.DefaultConfigSectionName))
            .Configure(options =>
            {
                if (configuration.GetConnectionString(connectionName) is { Length: > 0 } connectionString)
                {
                    RocketMQConnectionString.Apply(connectionString, options);
                }

                configure?.Invoke(options);
            });

        services.TryAddSingleton(static sp => new RocketMQClient(
            sp.GetRequiredService<IOptions<RocketMQClientOptions>>(),
            sp.GetRequiredService<ILoggerFactory>()));
        return services;
    }
}
