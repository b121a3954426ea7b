using Microsoft.Extensions.DependencyInjection;
using VoiceAgent.Hosting.ApplicationModel;
using VoiceAgent.Hosting.Orchestration;

namespace VoiceAgent.Hosting.Testing;

/// <summary>What end-to-end tests do with a running application: reach resources, read logs, kill and restart replicas.</summary>
public static class DistributedApplicationTestingExtensions
{
    /// <summary>An HttpClient whose base address is the endpoint of a resource (its first replica) or of a replica (<c>gateway-1</c>).</summary>
    public static HttpClient CreateHttpClient(this DistributedApplication app, string resourceName, string? endpointName = null) =>
        new() { BaseAddress = app.GetEndpoint(resourceName, endpointName) };

    /// <summary>
    /// The URL of an endpoint of a resource (its first replica) or of a replica (<c>gateway-1</c>); without
    /// <paramref name="endpointName"/>, the <c>http</c> endpoint or else the first one.
    /// </summary>
    public static Uri GetEndpoint(this DistributedApplication app, string resourceName, string? endpointName = null)
    {
        var replica = app.Model.FindReplica(resourceName)
            ?? (app.Model.FindResource(resourceName) is { } resource ? new ResourceReplica(resource, 0) : null)
            ?? throw new ArgumentException($"There is no resource or replica named '{resourceName}'.", nameof(resourceName));
        var endpoints = replica.Resource.Annotations.OfType<EndpointAnnotation>().ToList();
        var endpoint = (endpointName is null
                ? endpoints.FirstOrDefault(e => e.Name == "http") ?? endpoints.FirstOrDefault()
                : endpoints.FirstOrDefault(e => e.Name == endpointName))
            ?? throw new ArgumentException($"'{replica.Resource.Name}' has no endpoint named '{endpointName ?? "http"}'.", nameof(endpointName));
        return new Uri(replica.GetEndpoint(endpoint.Name).Url);
    }

    /// <summary>The connection string the resource publishes (null if it publishes none); known once the application started.</summary>
    public static ValueTask<string?> GetConnectionStringAsync(this DistributedApplication app, string resourceName, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var resource = app.Model.FindResource(resourceName)
            ?? throw new ArgumentException($"There is no resource named '{resourceName}'.", nameof(resourceName));
        return ValueTask.FromResult(resource.Annotations.OfType<ConnectionStringAnnotation>().LastOrDefault()?.ConnectionString());
    }

    /// <summary>Kills a replica with SIGKILL, as a crash would; it is restarted after the restart delay.</summary>
    public static Task KillReplicaAsync(this DistributedApplication app, string replicaName, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        app.Orchestrator.KillReplica(replicaName);
        return Task.CompletedTask;
    }

    /// <summary>Stops a replica gracefully and starts it again at once (returns when the old process has exited).</summary>
    public static Task RestartReplicaAsync(this DistributedApplication app, string replicaName, CancellationToken cancellationToken = default) =>
        app.Orchestrator.RestartReplicaAsync(replicaName).WaitAsync(cancellationToken);

    /// <summary>The console lines a replica wrote that are still kept, oldest first.</summary>
    public static IReadOnlyList<ResourceLogLine> GetResourceLogs(this DistributedApplication app, string replicaName) =>
        app.Services.GetRequiredService<ResourceLogStore>().Find(replicaName) is { } log
            ? log.GetLines()
            : throw new ArgumentException($"There is no replica named '{replicaName}'.", nameof(replicaName));
}
