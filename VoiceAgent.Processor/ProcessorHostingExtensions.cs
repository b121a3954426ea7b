using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using VoiceAgent.Processor;
using VoiceAgent.Processor.Diagnostics;
using VoiceAgent.Processor.Downlink;
using VoiceAgent.Processor.Providers;
using VoiceAgent.Processor.Sessions;
using VoiceAgent.Processor.Turns;
using VoiceAgent.Processor.Uplink;
using VoiceAgent.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registers the voice processor.</summary>
public static class ProcessorHostingExtensions
{
    /// <summary>The name of the processor's readiness health check.</summary>
    public const string HealthCheckName = "voice-processor";

    /// <summary>
    /// Adds the voice processor: the uplink consumer, turn detection, the ASR, LLM and TTS clients (configured from
    /// <c>VoiceAgent:Providers</c>), the turn scheduler, and the session store: Redis when a
    /// <see cref="RedisClient"/> is registered (<c>AddRedisClient("redis")</c>), else this process's memory (one
    /// processor only). Needs a <c>RocketMQClient</c> (<c>AddRocketMQClient("rocketmq")</c>). Settings:
    /// <c>VoiceAgent:Processor</c>.
    /// </summary>
    public static TBuilder AddVoiceProcessor<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        var services = builder.Services;
        var options = builder.Configuration.GetSection(ProcessorOptions.SectionName).Get<ProcessorOptions>() ?? new ProcessorOptions();
        var providers = builder.Configuration.GetSection(ProvidersOptions.SectionName).Get<ProvidersOptions>() ?? new ProvidersOptions();
        services.AddOptions<ProvidersOptions>().BindConfiguration(ProvidersOptions.SectionName);
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        ProviderHttpClients.Add(services, providers);

        services.AddSingleton<ISessionStore>(sp => sp.GetService<RedisClient>() is { } redis
            ? new RedisSessionStore(redis, options)
            : new InMemorySessionStore(options, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ProcessorMetrics>();
        services.AddSingleton<ProcessorReadiness>();
        services.AddSingleton<DownlinkPublisher>();
        services.AddSingleton<TranscriptionClient>();
        services.AddSingleton<ChatCompletionClient>();
        services.AddSingleton<SpeechClient>();
        services.AddSingleton<ActiveResponses>();
        services.AddSingleton<TranscriptionTurn>();
        services.AddSingleton<ResponseTurn>();
        services.AddSingleton<TurnRunner>();
        services.AddSingleton<TurnScheduler>();
        services.AddSingleton<ResponseRequests>();
        services.AddSingleton<TurnCommits>();
        services.AddSingleton<AudioApplier>();
        services.AddSingleton<ClientEventApplier>();
        services.AddSingleton<UplinkHandler>();

        // Started in this order and stopped in reverse: the uplink service stops consuming, then the turns, then the producer.
        services.AddHostedService(sp => sp.GetRequiredService<TurnScheduler>());
        services.AddHostedService<UplinkService>();
        services.AddHostedService(sp => new StoreAnnouncement(sp.GetRequiredService<ISessionStore>(), sp.GetRequiredService<ILogger<ISessionStore>>()));

        services.AddHealthChecks().AddCheck<ProcessorReadiness>(HealthCheckName, tags: [RedisHostingExtensions.ReadinessTag]);
        return builder;
    }

    /// <summary>Logs at start where sessions live.</summary>
    private sealed class StoreAnnouncement(ISessionStore store, ILogger logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (store is InMemorySessionStore)
            {
                logger.LogWarning("No Redis configured (ConnectionStrings:redis): sessions live in this process's memory; run a single processor.");
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
