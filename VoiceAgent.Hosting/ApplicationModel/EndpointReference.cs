namespace VoiceAgent.Hosting.ApplicationModel;

/// <summary>
/// Refers to a named endpoint of a resource. Its values are known once the application has started and the
/// ports are allocated; connection strings and environment callbacks read them then.
/// </summary>
public sealed class EndpointReference(IResourceWithEndpoints resource, string endpointName)
{
    /// <summary>The resource that owns the endpoint.</summary>
    public IResourceWithEndpoints Resource { get; } = resource;

    /// <summary>The endpoint name.</summary>
    public string EndpointName { get; } = endpointName;

    /// <summary>The endpoint's annotation.</summary>
    public EndpointAnnotation Endpoint =>
        Resource.Annotations.OfType<EndpointAnnotation>().FirstOrDefault(e => e.Name == EndpointName)
        ?? throw new InvalidOperationException($"Resource '{Resource.Name}' has no endpoint named '{EndpointName}'.");

    /// <summary>Whether the ports have been allocated.</summary>
    public bool IsAllocated => Endpoint.AllocatedEndpoints.Count > 0;

    /// <summary>The addresses of all replicas.</summary>
    public IReadOnlyList<AllocatedEndpoint> Replicas => IsAllocated
        ? Endpoint.AllocatedEndpoints
        : throw new InvalidOperationException(
            $"The endpoint '{EndpointName}' of resource '{Resource.Name}' has no address yet: it is allocated when the application starts.");

    /// <summary>The URL of the first replica.</summary>
    public string Url => Replicas[0].Url;

    /// <summary>The host of the first replica.</summary>
    public string Host => Replicas[0].Host;

    /// <summary>The port of the first replica.</summary>
    public int Port => Replicas[0].Port;

    /// <summary><c>host:port</c> of the first replica.</summary>
    public string HostAndPort => Replicas[0].HostAndPort;
}
