namespace VoiceAgent.ServiceDefaults.ServiceDiscovery;

/// <summary>
/// A logical service name (such as <c>processor</c> in <c>http://processor</c>) has no usable endpoint in
/// configuration. The message names the service and the configuration keys that were looked for.
/// </summary>
public sealed class ServiceEndpointNotFoundException : InvalidOperationException
{
    /// <summary>Creates the exception for a service, the endpoint name asked for and the keys looked up.</summary>
    public ServiceEndpointNotFoundException(string serviceName, string? endpointName, IReadOnlyList<string> configurationKeys, string message)
        : base(message)
    {
        ServiceName = serviceName;
        EndpointName = endpointName;
        ConfigurationKeys = configurationKeys;
    }

    /// <summary>The logical service name, e.g. <c>processor</c>.</summary>
    public string ServiceName { get; }

    /// <summary>The named endpoint asked for (<c>grpc</c> in <c>http://_grpc.broker</c>), or null.</summary>
    public string? EndpointName { get; }

    /// <summary>The configuration keys that were looked up, e.g. <c>Services:processor:http</c>.</summary>
    public IReadOnlyList<string> ConfigurationKeys { get; }
}
