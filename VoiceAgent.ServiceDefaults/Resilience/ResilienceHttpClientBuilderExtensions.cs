using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using VoiceAgent.ServiceDefaults.Resilience;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The standard resilience handler for HttpClients, built on Polly.</summary>
public static class ResilienceHttpClientBuilderExtensions
{
    /// <summary>
    /// Adds the standard resilience handler (total timeout, retry, circuit breaker, attempt timeout) to the client,
    /// or to every client when called inside <c>ConfigureHttpClientDefaults</c>. A client gets one handler however
    /// often this is called; <paramref name="configure"/> applies to this client's options (every client's in
    /// the defaults).
    /// </summary>
    public static IHttpClientBuilder AddStandardResilienceHandler(this IHttpClientBuilder builder, Action<HttpStandardResilienceOptions>? configure = null)
    {
        var services = builder.Services;
        services.AddLogging();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ResilienceTelemetry>();
        services.TryAddSingleton<HttpResiliencePipelineFactory>();
        services.TryAddSingleton<HttpResiliencePipelineProvider>();
        if (configure is not null)
        {
            services.Configure(builder.Name, configure);
        }

        services.Configure<HttpClientFactoryOptions>(builder.Name, options =>
            options.HttpMessageHandlerBuilderActions.Add(handlers =>
            {
                if (!handlers.AdditionalHandlers.Any(handler => handler is ResilienceHandler))
                {
                    var pipelines = handlers.Services.GetRequiredService<HttpResiliencePipelineProvider>();
                    handlers.AdditionalHandlers.Add(new ResilienceHandler(pipelines, handlers.Name ?? string.Empty));
                }
            }));
        return builder;
    }

    /// <summary>
    /// Changes the standard resilience options of this client only, after the defaults were applied, e.g.
    /// <c>services.AddHttpClient("llm").ConfigureStandardResilience(o => o.TotalRequestTimeout.Timeout = TimeSpan.FromMinutes(2))</c>.
    /// </summary>
    public static IHttpClientBuilder ConfigureStandardResilience(this IHttpClientBuilder builder, Action<HttpStandardResilienceOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        if (builder.Name is null)
        {
            throw new InvalidOperationException("ConfigureStandardResilience configures one named client; for every client use AddStandardResilienceHandler inside ConfigureHttpClientDefaults.");
        }

        builder.Services.PostConfigure(builder.Name, configure);
        return builder;
    }

    /// <summary>
    /// Takes the standard resilience handler off this client (for example a long-lived streaming client whose
    /// calls must not be bounded by the total request timeout).
    /// </summary>
    public static IHttpClientBuilder RemoveStandardResilienceHandler(this IHttpClientBuilder builder)
    {
        builder.Services.Configure<HttpClientFactoryOptions>(builder.Name, options =>
            options.HttpMessageHandlerBuilderActions.Add(handlers =>
            {
                for (var i = handlers.AdditionalHandlers.Count - 1; i >= 0; i--)
                {
                    if (handlers.AdditionalHandlers[i] is ResilienceHandler)
                    {
                        handlers.AdditionalHandlers.RemoveAt(i);
                    }
                }
            }));
        return builder;
    }
}
