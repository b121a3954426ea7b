namespace VoiceAgent.Grpc;

/// <summary>The services mapped in one application, so that unknown calls get a precise UNIMPLEMENTED message.</summary>
internal sealed class GrpcServiceRegistry
{
    private readonly HashSet<string> _services = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>True once the endpoint that answers unknown gRPC calls has been mapped.</summary>
    public bool UnimplementedEndpointMapped { get; set; }

    public void Add(string serviceName)
    {
        lock (_lock)
        {
            _services.Add(serviceName);
        }
    }

    public bool Contains(string serviceName)
    {
        lock (_lock)
        {
            return _services.Contains(serviceName);
        }
    }
}
