namespace VoiceAgent.ServiceDefaults.ServiceDiscovery;

/// <summary>The outcome of looking a service address up in configuration: endpoints, pass-through, or an error.</summary>
internal sealed class ServiceEndpointLookup
{
    private readonly Func<Exception>? _error;

    private ServiceEndpointLookup(ServiceEndpointQuery query, Uri[] endpoints, Func<Exception>? error)
    {
        Query = query;
        Endpoints = endpoints;
        _error = error;
    }

    public ServiceEndpointQuery Query { get; }

    /// <summary>The configured endpoints; empty for a pass-through or a failed lookup.</summary>
    public Uri[] Endpoints { get; }

    /// <summary>The address is not a service name and nothing is configured for it: use it as it is.</summary>
    public bool IsPassThrough => Endpoints.Length == 0 && _error is null;

    public static ServiceEndpointLookup Found(ServiceEndpointQuery query, Uri[] endpoints) => new(query, endpoints, null);

    public static ServiceEndpointLookup PassThrough(ServiceEndpointQuery query) => new(query, [], null);

    public static ServiceEndpointLookup Failed(ServiceEndpointQuery query, Func<Exception> error) => new(query, [], error);

    /// <summary>Throws a fresh exception (with its own stack trace) when the lookup failed.</summary>
    public void ThrowIfFailed()
    {
        if (_error is not null)
        {
            throw _error();
        }
    }
}
