using Microsoft.Extensions.Configuration;

namespace VoiceAgent.ServiceDefaults.ServiceDiscovery;

/// <summary>
/// Reads a service's endpoints from configuration with Aspire's rules. Section <c>Services:{service}</c> holds one
/// section per endpoint name, each a single URL or an array of URLs (<c>services__processor__http__0</c>, <c>__1</c>).
/// Without a named endpoint the first existing of <c>default</c> and then each requested scheme is used; the URLs
/// are then narrowed to the most preferred scheme that any of them has (<c>https+http</c>: https if there is one).
/// </summary>
internal static class ServiceEndpointConfigurationReader
{
    public const string SectionName = "Services";
    private const string DefaultEndpointName = "default";

    public static ServiceEndpointLookup Read(IConfiguration configuration, ServiceEndpointQuery query)
    {
        var serviceSection = configuration.GetSection(SectionName).GetSection(query.ServiceName);
        string[] candidates = query.EndpointName is { } endpointName ? [endpointName] : [DefaultEndpointName, .. query.Schemes];

        if (serviceSection.Exists())
        {
            foreach (var candidate in candidates)
            {
                var endpointSection = serviceSection.GetSection(candidate);
                if (endpointSection.Exists())
                {
                    return ReadEndpoints(query, endpointSection);
                }
            }
        }

        if (!query.IsLogicalName)
        {
            return ServiceEndpointLookup.PassThrough(query);
        }

        return Failed(query, candidates, $"no endpoint is configured");
    }

    private static ServiceEndpointLookup ReadEndpoints(ServiceEndpointQuery query, IConfigurationSection section)
    {
        var configured = new List<Uri>();
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            configured.Add(ParseEndpoint(query, section));
        }
        else
        {
            foreach (var child in section.GetChildren().OrderBy(child => int.TryParse(child.Key, out var index) ? index : int.MaxValue))
            {
                configured.Add(ParseEndpoint(query, child));
            }
        }

        var endpoints = SelectPreferredScheme(query, configured);
        return endpoints.Length > 0
            ? ServiceEndpointLookup.Found(query, endpoints)
            : Failed(query, [section.Key], $"the endpoints configured at '{section.Path}' have none of the schemes {string.Join(", ", query.Schemes)}");
    }

    private static Uri ParseEndpoint(ServiceEndpointQuery query, IConfigurationSection section)
    {
        var value = section.Value?.Trim();
        if (!string.IsNullOrEmpty(value))
        {
            // "host:port" without a scheme takes the most preferred requested scheme.
            var text = value.Contains("://", StringComparison.Ordinal) ? value : $"{query.Schemes[0]}://{value}";
            if (Uri.TryCreate(text, UriKind.Absolute, out var endpoint) && !string.IsNullOrEmpty(endpoint.Host))
            {
                return endpoint;
            }
        }

        throw new InvalidOperationException(
            $"Service discovery: configuration key '{section.Path}' of service '{query.ServiceName}' holds '{value}', which is not an endpoint URL such as 'http://10.0.0.5:8080'.");
    }

    private static Uri[] SelectPreferredScheme(ServiceEndpointQuery query, List<Uri> configured)
    {
        var best = int.MaxValue;
        foreach (var endpoint in configured)
        {
            var rank = Array.FindIndex(query.Schemes, scheme => string.Equals(scheme, endpoint.Scheme, StringComparison.OrdinalIgnoreCase));
            if (rank >= 0 && rank < best)
            {
                best = rank;
            }
        }

        if (best == int.MaxValue)
        {
            return [];
        }

        var preferred = query.Schemes[best];
        return configured.Where(endpoint => string.Equals(endpoint.Scheme, preferred, StringComparison.OrdinalIgnoreCase)).ToArray();
    }

    private static ServiceEndpointLookup Failed(ServiceEndpointQuery query, string[] endpointNames, string reason)
    {
        var keys = Array.ConvertAll(endpointNames, name => $"{SectionName}:{query.ServiceName}:{name}");
        var variables = Array.ConvertAll(endpointNames, name => $"services__{query.ServiceName}__{name}__0");
        var message =
            $"Service discovery cannot resolve '{query.Key}': {reason} for service '{query.ServiceName}'. " +
            $"Looked for configuration {string.Join(", ", keys)} (environment variables {string.Join(", ", variables)}, ...).";
        return ServiceEndpointLookup.Failed(
            query,
            () => new ServiceEndpointNotFoundException(query.ServiceName, query.EndpointName, keys, message));
    }
}
