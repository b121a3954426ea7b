namespace VoiceAgent.Grpc;

/// <summary>A service's methods bound to their handlers; map it with <c>endpoints.MapGrpcService(definition)</c>.</summary>
public sealed class GrpcServiceDefinition
{
    internal GrpcServiceDefinition(IReadOnlyList<ServerMethodBinding> methods)
    {
        Methods = methods;
    }

    internal IReadOnlyList<ServerMethodBinding> Methods { get; }

    /// <summary>The full method names (<c>/package.Service/Method</c>) that the definition serves.</summary>
    public IEnumerable<string> MethodNames => Methods.Select(static method => method.FullName);

    public static GrpcServiceDefinitionBuilder CreateBuilder() => new();
}
