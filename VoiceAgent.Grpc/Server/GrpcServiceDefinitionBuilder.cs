namespace VoiceAgent.Grpc;

/// <summary>Binds methods to handlers: <c>GrpcServiceDefinition.CreateBuilder().AddUnaryMethod(m, h).Build()</c>.</summary>
public sealed class GrpcServiceDefinitionBuilder
{
    private readonly List<ServerMethodBinding> _methods = [];

    internal GrpcServiceDefinitionBuilder()
    {
    }

    public GrpcServiceDefinitionBuilder AddUnaryMethod<TRequest, TResponse>(
        Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse> handler) =>
        Add(method, MethodType.Unary, handler);

    public GrpcServiceDefinitionBuilder AddServerStreamingMethod<TRequest, TResponse>(
        Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse> handler) =>
        Add(method, MethodType.ServerStreaming, handler);

    public GrpcServiceDefinitionBuilder AddClientStreamingMethod<TRequest, TResponse>(
        Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse> handler) =>
        Add(method, MethodType.ClientStreaming, handler);

    public GrpcServiceDefinitionBuilder AddDuplexStreamingMethod<TRequest, TResponse>(
        Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse> handler) =>
        Add(method, MethodType.DuplexStreaming, handler);

    public GrpcServiceDefinition Build() => new(_methods.ToArray());

    private GrpcServiceDefinitionBuilder Add<TRequest, TResponse>(Method<TRequest, TResponse> method, MethodType type, Delegate handler)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(handler);
        if (method.Type != type)
        {
            throw new ArgumentException($"Method {method.FullName} is {method.Type}, not {type}.", nameof(method));
        }

        if (_methods.Exists(existing => existing.FullName == method.FullName))
        {
            throw new ArgumentException($"Method {method.FullName} is already bound.", nameof(method));
        }

        _methods.Add(new ServerMethodBinding<TRequest, TResponse>(method, handler));
        return this;
    }
}
