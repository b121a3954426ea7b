using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using VoiceAgent.Grpc;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps gRPC services to endpoints.</summary>
public static class GrpcEndpointRouteBuilderExtensions
{
    // Below every ordinary endpoint, above MapFallback (int.MaxValue).
    private const int UnimplementedEndpointOrder = int.MaxValue - 1;

    /// <summary>
    /// Maps each method of <paramref name="definition"/> to <c>POST /package.Service/Method</c>. The first call also maps
    /// the endpoint that answers gRPC calls to unknown methods with UNIMPLEMENTED.
    /// </summary>
    public static IEndpointConventionBuilder MapGrpcService(this IEndpointRouteBuilder endpoints, GrpcServiceDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(definition);
        var registry = endpoints.ServiceProvider.GetService<GrpcServiceRegistry>()
            ?? throw new InvalidOperationException("Call services.AddGrpcServer() before mapping gRPC services.");

        var builders = new List<IEndpointConventionBuilder>(definition.Methods.Count);
        foreach (var method in definition.Methods)
        {
            registry.Add(method.ServiceName);
            var builder = endpoints.Map(RoutePatternFactory.Parse(method.FullName), method.CreateRequestDelegate(endpoints.ServiceProvider));
            builder.WithDisplayName($"gRPC {method.FullName}");
            builder.WithMetadata(new HttpMethodMetadata([HttpMethods.Post]));
            builders.Add(builder);
        }

        if (!registry.UnimplementedEndpointMapped)
        {
            registry.UnimplementedEndpointMapped = true;
            var handler = new UnimplementedCallHandler(registry);
            var unimplemented = endpoints.Map(RoutePatternFactory.Parse("{**grpcUnimplementedPath}"), handler.HandleCallAsync);
            unimplemented.WithDisplayName("gRPC unimplemented");
            unimplemented.WithMetadata(GrpcUnimplementedMetadata.Instance);
            unimplemented.Add(static endpoint => ((RouteEndpointBuilder)endpoint).Order = UnimplementedEndpointOrder);
        }

        return new CompositeEndpointConventionBuilder(builders);
    }

    private sealed class CompositeEndpointConventionBuilder(List<IEndpointConventionBuilder> builders) : IEndpointConventionBuilder
    {
        public void Add(Action<EndpointBuilder> convention)
        {
            foreach (var builder in builders)
            {
                builder.Add(convention);
            }
        }

        public void Finally(Action<EndpointBuilder> finallyConvention)
        {
            foreach (var builder in builders)
            {
                builder.Finally(finallyConvention);
            }
        }
    }
}
