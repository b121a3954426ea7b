using Microsoft.Extensions.DependencyInjection.Extensions;
using VoiceAgent.ServiceDefaults.ServiceDiscovery;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers configuration-based service discovery.</summary>
public static class ServiceDiscoveryServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IServiceEndpointResolver"/>, which reads <c>services__{name}__{endpoint}__{index}</c>
    /// from configuration and follows its reloads.
    /// </summary>
    public static IServiceCollection AddServiceDiscovery(this IServiceCollection services)
    {
        services.AddLogging();
        services.TryAddSingleton<ConfigurationServiceEndpointResolver>();
        services.TryAddSingleton<IServiceEndpointResolver>(sp => sp.GetRequiredService<ConfigurationServiceEndpointResolver>());
        return services;
    }
}
