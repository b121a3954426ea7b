using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using VoiceAgent.Redis;
using VoiceAgent.Redis.Hosting;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registers a <see cref="RedisClient"/> the way Aspire's Redis client integration does.</summary>
public static class RedisHostingExtensions
{
    public const string ConfigurationSectionName = "VoiceAgent:Redis";

    /// <summary>The tag of the Redis health check: it belongs to readiness (/health), not liveness (/alive).</summary>
    public const string ReadinessTag = "ready";

    /// <summary>
    /// Registers a singleton <see cref="RedisClient"/> for <c>ConnectionStrings:{connectionName}</c> (the
    /// <c>ConnectionStrings__redis</c> variable Aspire injects), and a PING health check named after the connection,
    /// tagged <c>ready</c>.
    /// </summary>
    public static TBuilder AddRedisClient<TBuilder>(this TBuilder builder, string connectionName, Action<RedisClientSettings>? configureSettings = null)
        where TBuilder : IHostApplicationBuilder
    {
        AddRedisClient(builder, connectionName, serviceKey: null, configureSettings);
        return builder;
    }

    /// <summary>Registers a keyed <see cref="RedisClient"/> (resolve it with <c>[FromKeyedServices(name)]</c>).</summary>
    public static TBuilder AddKeyedRedisClient<TBuilder>(this TBuilder builder, string name, Action<RedisClientSettings>? configureSettings = null)
        where TBuilder : IHostApplicationBuilder
    {
        AddRedisClient(builder, name, serviceKey: name, configureSettings);
        return builder;
    }

    private static void AddRedisClient(IHostApplicationBuilder builder, string connectionName, string? serviceKey, Action<RedisClientSettings>? configureSettings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionName);

        var settings = new RedisClientSettings();
        var section = builder.Configuration.GetSection(ConfigurationSectionName);
        section.Bind(settings);
        if (serviceKey is not null)
        {
            section.GetSection(serviceKey).Bind(settings);
        }

        if (builder.Configuration.GetConnectionString(connectionName) is { Length: > 0 } connectionString)
        {
            settings.ConnectionString = connectionString;
        }

        configureSettings?.Invoke(settings);

        if (serviceKey is null)
        {
            builder.Services.AddSingleton(sp => CreateClient(sp, settings, connectionName));
        }
        else
        {
            builder.Services.AddKeyedSingleton(serviceKey, (sp, _) => CreateClient(sp, settings, connectionName));
        }

        if (!settings.DisableHealthChecks)
        {
            builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
                serviceKey is null ? connectionName : $"{connectionName}_{serviceKey}",
                sp => new RedisHealthCheck(serviceKey is null ? sp.GetRequiredService<RedisClient>() : sp.GetRequiredKeyedService<RedisClient>(serviceKey)),
                failureStatus: null,
                tags: [ReadinessTag],
                timeout: settings.HealthCheckTimeout));
        }
    }

    private static RedisClient CreateClient(IServiceProvider services, RedisClientSettings settings, string connectionName)
    {
        if (string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            throw new InvalidOperationException(
                $"Redis connection '{connectionName}' has no connection string: set ConnectionStrings:{connectionName} " +
                $"(environment variable ConnectionStrings__{connectionName}, e.g. 127.0.0.1:6379) or {ConfigurationSectionName}:ConnectionString.");
        }

        var options = RedisOptions.Parse(settings.ConnectionString);
        options.DisableTracing |= settings.DisableTracing;
        settings.ConfigureOptions?.Invoke(options);
        return new RedisClient(options, services.GetService<ILoggerFactory>(), services.GetService<IMeterFactory>());
    }
}
