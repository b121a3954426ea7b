using Microsoft.Extensions.Http;
using VoiceAgent.ServiceDefaults.ServiceDiscovery;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Service discovery for HttpClients.</summary>
public static class ServiceDiscoveryHttpClientBuilderExtensions
{
    /// <summary>
    /// Resolves request URIs such as <c>http://processor/...</c> or <c>https+http://mocks/...</c> through
    /// <see cref="IServiceEndpointResolver"/>, round-robin per client and service; an unconfigured service name
    /// fails the request with <see cref="ServiceEndpointNotFoundException"/>. Adding it twice to a client (for
    /// example once through <c>ConfigureHttpClientDefaults</c>) adds a single handler.
    /// </summary>
    public static IHttpClientBuilder AddServiceDiscovery(this IHttpClientBuilder builder)
    {
        builder.Services.AddServiceDiscovery();
        builder.Services.Configure<HttpClientFactoryOptions>(builder.Name, options =>
            options.HttpMessageHandlerBuilderActions.Add(handlers =>
            {
                if (!handlers.AdditionalHandlers.Any(handler => handler is ServiceDiscoveryHttpHandler))
                {
                    var resolver = handlers.Services.GetRequiredService<ConfigurationServiceEndpointResolver>();
                    handlers.AdditionalHandlers.Add(new ServiceDiscoveryHttpHandler(resolver, handlers.Name ?? string.Empty));
                }
            }));
        return builder;
    }
}
