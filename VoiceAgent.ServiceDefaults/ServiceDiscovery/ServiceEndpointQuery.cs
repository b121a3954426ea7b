namespace VoiceAgent.ServiceDefaults.ServiceDiscovery;

/// <summary>
/// What a service address asks for: <c>https+http://_grpc.broker</c> means service <c>broker</c>, endpoint
/// <c>grpc</c>, schemes <c>https</c> then <c>http</c>.
/// </summary>
internal sealed class ServiceEndpointQuery
{
    private ServiceEndpointQuery(string key, string serviceName, string? endpointName, string[] schemes, bool isLogicalName)
    {
        Key = key;
        ServiceName = serviceName;
        EndpointName = endpointName;
        Schemes = schemes;
        IsLogicalName = isLogicalName;
    }

    /// <summary>Scheme and host of the address, the identity of the query (the port and path play no part).</summary>
    public string Key { get; }

    public string ServiceName { get; }

    public string? EndpointName { get; }

    /// <summary>Schemes in order of preference.</summary>
    public string[] Schemes { get; }

    /// <summary>
    /// Whether the host can only be a service name (and so must be configured): a composite scheme, a named
    /// endpoint or a single-label host other than <c>localhost</c>. Other hosts pass through when unconfigured.
    /// </summary>
    public bool IsLogicalName { get; }

    public static string GetKey(Uri serviceUri) => string.Concat(serviceUri.Scheme, "://", serviceUri.Host);

    public static ServiceEndpointQuery Parse(Uri serviceUri)
    {
        if (!serviceUri.IsAbsoluteUri)
        {
            throw new ArgumentException($"Service address '{serviceUri}' is not an absolute URI.", nameof(serviceUri));
        }

        var host = serviceUri.Host;
        var serviceName = host;
        string? endpointName = null;
        var dot = host.IndexOf('.', StringComparison.Ordinal);
        if (host.StartsWith('_') && dot > 1 && dot < host.Length - 1)
        {
            endpointName = host[1..dot];
            serviceName = host[(dot + 1)..];
        }

        var schemes = serviceUri.Scheme.Split('+', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var isLogicalName = schemes.Length > 1 || endpointName is not null || IsSingleLabelServiceName(serviceUri);
        return new ServiceEndpointQuery(GetKey(serviceUri), serviceName, endpointName, schemes, isLogicalName);
    }

    private static bool IsSingleLabelServiceName(Uri uri) =>
        uri.HostNameType is UriHostNameType.Dns or UriHostNameType.Basic
        && !uri.Host.Contains('.', StringComparison.Ordinal)
        && !uri.IsLoopback;
}
