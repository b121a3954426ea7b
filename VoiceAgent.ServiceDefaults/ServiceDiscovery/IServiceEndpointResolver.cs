namespace VoiceAgent.ServiceDefaults.ServiceDiscovery;

/// <summary>
/// Resolves logical service addresses in Aspire's form (<c>http://processor</c>, <c>https+http://mocks</c>,
/// <c>http://_grpc.broker</c>) to the concrete endpoints configured under
/// <c>services__{name}__{endpoint}__{index}</c>. HttpClients get this through <c>AddServiceDiscovery()</c>;
/// WebSocket, gRPC and other clients call it directly.
/// </summary>
public interface IServiceEndpointResolver
{
    /// <summary>
    /// All endpoints currently configured for the service named by <paramref name="serviceUri"/>, in
    /// configuration order, after scheme selection. An address that is not a logical service name (an IP
    /// address, <c>localhost</c>, a dotted host name without configuration) resolves to itself.
    /// </summary>
    /// <exception cref="ServiceEndpointNotFoundException">The service name is logical but nothing is configured for it.</exception>
    ValueTask<IReadOnlyList<Uri>> GetEndpointsAsync(Uri serviceUri, CancellationToken cancellationToken = default);

    /// <summary>
    /// Picks the next endpoint of the service round-robin and returns <paramref name="serviceUri"/> rewritten
    /// onto it (scheme, host and port from the endpoint; path and query from <paramref name="serviceUri"/>).
    /// </summary>
    /// <exception cref="ServiceEndpointNotFoundException">The service name is logical but nothing is configured for it.</exception>
    ValueTask<Uri> ResolveAsync(Uri serviceUri, CancellationToken cancellationToken = default);
}
