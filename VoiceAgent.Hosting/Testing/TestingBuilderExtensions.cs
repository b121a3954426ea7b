using VoiceAgent.Hosting.ApplicationModel;

namespace VoiceAgent.Hosting.Testing;

/// <summary>Test overrides of a model declared elsewhere (the AppHost's Program.cs): replicas, environment, ports.</summary>
public static class TestingBuilderExtensions
{
    /// <summary>The resource named <paramref name="name"/>.</summary>
    public static IResource GetResource(this IDistributedApplicationBuilder builder, string name) =>
        builder.Resources.FirstOrDefault(r => r.Name == name)
        ?? throw new ArgumentException(
            $"There is no resource named '{name}'; the model has {string.Join(", ", builder.Resources.Select(r => r.Name))}.",
            nameof(name));

    /// <summary>A builder for the resource named <paramref name="name"/>, to change it with the usual <c>With...</c> methods.</summary>
    public static IResourceBuilder<T> CreateResourceBuilder<T>(this IDistributedApplicationBuilder builder, string name)
        where T : IResource =>
        builder.GetResource(name) is T resource
            ? builder.CreateResourceBuilder(resource)
            : throw new ArgumentException($"'{name}' is not a {typeof(T).Name}.", nameof(name));

    /// <summary>Runs <paramref name="replicas"/> replicas of the resource instead of what the model says.</summary>
    public static IDistributedApplicationBuilder WithReplicas(this IDistributedApplicationBuilder builder, string resourceName, int replicas)
    {
        builder.CreateResourceBuilder<IResource>(resourceName).WithReplicas(replicas);
        return builder;
    }

    /// <summary>Sets (or with null removes) an environment variable of the resource, after everything else the model sets.</summary>
    public static IDistributedApplicationBuilder WithEnvironment(this IDistributedApplicationBuilder builder, string resourceName, string name, string? value)
    {
        builder.CreateResourceBuilder<IResourceWithEnvironment>(resourceName).WithEnvironment(name, value);
        return builder;
    }

    /// <summary>Fixes the port of an endpoint (null: a free port per replica).</summary>
    public static IDistributedApplicationBuilder WithEndpointPort(this IDistributedApplicationBuilder builder, string resourceName, string endpointName, int? port)
    {
        builder.CreateResourceBuilder<IResourceWithEndpoints>(resourceName).WithEndpoint(endpointName, endpoint => endpoint.Port = port);
        return builder;
    }
}
