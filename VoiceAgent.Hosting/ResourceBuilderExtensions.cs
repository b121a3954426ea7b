using System.Globalization;
using VoiceAgent.Hosting.ApplicationModel;

namespace VoiceAgent.Hosting;

/// <summary>The fluent <c>With...</c> methods that describe a resource: endpoints, environment, references, waits, health, replicas.</summary>
public static class ResourceBuilderExtensions
{
    /// <summary>Sets an environment variable.</summary>
    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, string? value)
        where T : IResourceWithEnvironment =>
        builder.WithEnvironment(context =>
        {
            if (value is null)
            {
                context.EnvironmentVariables.Remove(name);
            }
            else
            {
                context.EnvironmentVariables[name] = value;
            }
        });

    /// <summary>Sets an environment variable to a value computed when each replica starts.</summary>
    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, Func<string> value)
        where T : IResourceWithEnvironment =>
        builder.WithEnvironment(context => context.EnvironmentVariables[name] = value());

    /// <summary>Sets an environment variable to the URL of an endpoint (of its first replica).</summary>
    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, EndpointReference endpoint)
        where T : IResourceWithEnvironment =>
        builder.WithEnvironment(context => context.EnvironmentVariables[name] = endpoint.Url);

    /// <summary>Changes the environment of each replica just before it starts.</summary>
    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, Action<EnvironmentCallbackContext> callback)
        where T : IResourceWithEnvironment =>
        builder.WithAnnotation(new EnvironmentCallbackAnnotation(callback));

    /// <summary>Adds command-line arguments.</summary>
    public static IResourceBuilder<T> WithArgs<T>(this IResourceBuilder<T> builder, params string[] args)
        where T : IResourceWithArgs =>
        builder.WithArgs(context => context.Args.AddRange(args));

    /// <summary>Adds command-line arguments computed when each replica starts (e.g. from its allocated port).</summary>
    public static IResourceBuilder<T> WithArgs<T>(this IResourceBuilder<T> builder, Action<CommandLineArgsCallbackContext> callback)
        where T : IResourceWithArgs =>
        builder.WithAnnotation(new CommandLineArgsCallbackAnnotation(callback));

    /// <summary>
    /// Tells the resource where <paramref name="source"/> is, as Aspire does: <c>ConnectionStrings__{name}</c> when the
    /// source publishes a connection string, and for each of its endpoints <c>services__{name}__{endpoint}__{i}</c>
    /// (one per replica) and <c>{NAME}_{ENDPOINT}</c>.
    /// </summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResource> source, string? connectionName = null)
        where T : IResourceWithEnvironment
    {
        var resource = source.Resource;
        return builder.WithEnvironment(context =>
        {
            if (resource.Annotations.OfType<ConnectionStringAnnotation>().LastOrDefault() is { } connectionString)
            {
                context.EnvironmentVariables[$"ConnectionStrings__{connectionName ?? resource.Name}"] = connectionString.ConnectionString();
            }

            foreach (var endpoint in resource.Annotations.OfType<EndpointAnnotation>())
            {
                foreach (var allocated in endpoint.AllocatedEndpoints)
                {
                    var index = allocated.ReplicaIndex.ToString(CultureInfo.InvariantCulture);
                    context.EnvironmentVariables[$"services__{resource.Name}__{endpoint.Name}__{index}"] = allocated.Url;
                }

                if (endpoint.AllocatedEndpoints.Count > 0)
                {
                    context.EnvironmentVariables[$"{ToEnvironmentName(resource.Name)}_{ToEnvironmentName(endpoint.Name)}"] = endpoint.AllocatedEndpoints[0].Url;
                }
            }
        });
    }

    /// <summary>Starts the resource only once <paramref name="dependency"/> is running and healthy; if it fails to start, so does this one.</summary>
    public static IResourceBuilder<T> WaitFor<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResource> dependency)
        where T : IResourceWithWaitSupport =>
        builder.WithAnnotation(new WaitAnnotation(dependency.Resource));

    /// <summary>Runs <paramref name="replicas"/> copies of the resource, each with its own ports, named <c>{name}-{i}</c>.</summary>
    public static IResourceBuilder<T> WithReplicas<T>(this IResourceBuilder<T> builder, int replicas)
        where T : IResource =>
        builder.WithAnnotation(new ReplicaAnnotation(replicas), ResourceAnnotationMutationBehavior.Replace);

    /// <summary>
    /// Adds an endpoint. Without <paramref name="port"/> each replica gets a free port. With <paramref name="env"/> the
    /// port is passed in that environment variable (the process binds it itself); otherwise a project gets it in
    /// <c>ASPNETCORE_URLS</c>.
    /// </summary>
    public static IResourceBuilder<T> WithEndpoint<T>(
        this IResourceBuilder<T> builder,
        string name,
        string scheme = "tcp",
        int? port = null,
        string? env = null,
        bool isExternal = false)
        where T : IResourceWithEndpoints
    {
        Resource.ValidateName(name);
        if (builder.Resource.Annotations.OfType<EndpointAnnotation>().Any(e => e.Name == name))
        {
            throw new DistributedApplicationException(
                $"Resource '{builder.Resource.Name}' already has an endpoint named '{name}'; change it with WithEndpoint(\"{name}\", endpoint => ...).");
        }

        return builder.WithAnnotation(new EndpointAnnotation(name, scheme, port, env, isExternal));
    }

    /// <summary>Changes an existing endpoint (e.g. the default <c>http</c> endpoint of a project).</summary>
    public static IResourceBuilder<T> WithEndpoint<T>(this IResourceBuilder<T> builder, string name, Action<EndpointAnnotation> configure)
        where T : IResourceWithEndpoints
    {
        var endpoint = builder.Resource.Annotations.OfType<EndpointAnnotation>().FirstOrDefault(e => e.Name == name)
            ?? throw new DistributedApplicationException($"Resource '{builder.Resource.Name}' has no endpoint named '{name}'.");
        configure(endpoint);
        return builder;
    }

    /// <summary>Adds an HTTP endpoint (named <c>http</c> unless <paramref name="name"/> says otherwise).</summary>
    public static IResourceBuilder<T> WithHttpEndpoint<T>(this IResourceBuilder<T> builder, int? port = null, string? name = null, string? env = null)
        where T : IResourceWithEndpoints =>
        builder.WithEndpoint(name ?? "http", "http", port, env);

    /// <summary>Marks the resource's HTTP endpoints as reachable from outside the application.</summary>
    public static IResourceBuilder<T> WithExternalHttpEndpoints<T>(this IResourceBuilder<T> builder)
        where T : IResourceWithEndpoints
    {
        foreach (var endpoint in builder.Resource.Annotations.OfType<EndpointAnnotation>().Where(e => e.UriScheme is "http" or "https"))
        {
            endpoint.IsExternal = true;
        }

        return builder;
    }

    /// <summary>Checks each replica with <c>GET {endpoint}{path}</c>; healthy on a success status (or <paramref name="statusCode"/>).</summary>
    public static IResourceBuilder<T> WithHttpHealthCheck<T>(this IResourceBuilder<T> builder, string? path = null, int? statusCode = null, string? endpointName = null)
        where T : IResourceWithEndpoints =>
        builder.WithAnnotation(new HttpHealthCheckAnnotation(endpointName ?? "http", path ?? "/", statusCode));

    /// <summary>Checks each replica by connecting to a TCP endpoint, optionally sending a request and checking the reply's start.</summary>
    public static IResourceBuilder<T> WithTcpHealthCheck<T>(this IResourceBuilder<T> builder, string endpointName = "tcp", string? request = null, string? expectedReply = null)
        where T : IResourceWithEndpoints =>
        builder.WithAnnotation(new TcpHealthCheckAnnotation(endpointName, request, expectedReply));

    /// <summary>Publishes a connection string, computed once the ports are allocated; <c>WithReference</c> passes it on.</summary>
    public static IResourceBuilder<T> WithConnectionString<T>(this IResourceBuilder<T> builder, Func<T, string> connectionString)
        where T : IResource
    {
        var resource = builder.Resource;
        return builder.WithAnnotation(new ConnectionStringAnnotation(() => connectionString(resource)), ResourceAnnotationMutationBehavior.Replace);
    }

    /// <summary>Gives the resource the <c>OTEL_*</c> variables when the AppHost has an OTLP endpoint (projects have this by default).</summary>
    public static IResourceBuilder<T> WithOtlpExporter<T>(this IResourceBuilder<T> builder)
        where T : IResourceWithEnvironment =>
        builder.WithAnnotation(new OtlpExporterAnnotation(), ResourceAnnotationMutationBehavior.Replace);

    /// <summary>Refers to a named endpoint of the resource, e.g. to build a connection string.</summary>
    public static EndpointReference GetEndpoint<T>(this IResourceBuilder<T> builder, string name)
        where T : IResourceWithEndpoints =>
        builder.Resource.GetEndpoint(name);

    /// <summary>Refers to a named endpoint of the resource.</summary>
    public static EndpointReference GetEndpoint(this IResourceWithEndpoints resource, string name) => new(resource, name);

    /// <summary>The number of replicas the model asks for.</summary>
    public static int GetReplicaCount(this IResource resource) =>
        resource.Annotations.OfType<ReplicaAnnotation>().LastOrDefault()?.Replicas ?? 1;

    /// <summary>Aspire's form of a name inside an environment variable name: upper case, dashes as underscores.</summary>
    internal static string ToEnvironmentName(string name) => name.Replace('-', '_').ToUpperInvariant();
}
