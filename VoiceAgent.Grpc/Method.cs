namespace VoiceAgent.Grpc;

/// <summary>A method of a gRPC service: its kind, its path and how its messages are encoded.</summary>
public sealed class Method<TRequest, TResponse>(
    MethodType type,
    string serviceName,
    string name,
    Marshaller<TRequest> requestMarshaller,
    Marshaller<TResponse> responseMarshaller)
{
    public MethodType Type { get; } = type;

    public string ServiceName { get; } = serviceName;

    public string Name { get; } = name;

    /// <summary>The HTTP/2 path: <c>/package.Service/Method</c>.</summary>
    public string FullName { get; } = $"/{serviceName}/{name}";

    public Marshaller<TRequest> RequestMarshaller { get; } = requestMarshaller;

    public Marshaller<TResponse> ResponseMarshaller { get; } = responseMarshaller;

    public override string ToString() => FullName;
}
