using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using VoiceAgent.Hosting.ApplicationModel;

namespace VoiceAgent.Hosting.Orchestration;

/// <summary>Allocates ports, runs a <see cref="ReplicaRunner"/> per replica, and stops them all, dependents first.</summary>
internal sealed partial class Orchestrator : IAsyncDisposable
{
    private readonly DistributedApplicationModel _model;
    private readonly ResourceNotificationService _notifications;
    private readonly DistributedApplicationOptions _options;
    private readonly ILogger<Orchestrator> _logger;
    private readonly HttpClient _healthClient;
    private readonly ResourceConsoleWriter _consoleWriter;
    private readonly Dictionary<string, ReplicaRunner> _runners = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _lifetime = new();
    private Task _printTable = Task.CompletedTask;

    public Orchestrator(
        DistributedApplicationModel model,
        ResourceNotificationService notifications,
        ResourceLogStore logs,
        DistributedApplicationOptions options,
        OtlpSettings? otlp,
        ILoggerFactory loggerFactory)
    {
        _model = model;
        _notifications = notifications;
        _options = options;
        _logger = loggerFactory.CreateLogger<Orchestrator>();
        _healthClient = new HttpClient(new SocketsHttpHandler
        {
            // Every check opens a fresh connection, so a restarted replica is never judged by a dead one.
            PooledConnectionLifetime = TimeSpan.Zero,
            ConnectTimeout = options.HealthCheckTimeout,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };

        var healthProbe = new HealthProbe(_healthClient, options.HealthCheckTimeout);
        var launchSpecs = new LaunchSpecFactory(otlp);
        _consoleWriter = new ResourceConsoleWriter(Console.Out, useColor: !Console.IsOutputRedirected, prefixWidth: model.Replicas.Select(r => r.Name.Length).DefaultIfEmpty(0).Max());
        var console = options.WriteResourceOutputToConsole ? _consoleWriter : null;
        var runnerLogger = loggerFactory.CreateLogger<ReplicaRunner>();

        foreach (var replica in model.Replicas)
        {
            notifications.PublishUpdate(replica.Resource, replica.Name, _ => new ResourceSnapshot
            {
                Name = replica.Name,
                ResourceName = replica.Resource.Name,
                ResourceType = (replica.Resource as Resource)?.ResourceType ?? replica.Resource.GetType().Name,
                ReplicaIndex = replica.Index,
                HasHealthChecks = replica.Resource.Annotations.OfType<HealthCheckAnnotation>().Any(),
            });
            _runners[replica.Name] = new ReplicaRunner(replica, launchSpecs, notifications, healthProbe, logs.Get(replica.Name), console, options, runnerLogger);
        }
    }

    public void Start(Uri? resourceApi)
    {
        if (!ChildProcessIsolation.DiesWithAppHost && OperatingSystem.IsLinux())
        {
            Log.NoParentDeathSignal(_logger);
        }

        AllocatePorts();
        foreach (var replica in _model.Replicas)
        {
            var endpoints = replica.Resource.Annotations.OfType<EndpointAnnotation>()
                .Select(e => new EndpointSnapshot(e.Name, replica.GetEndpoint(e.Name).Url, e.IsExternal))
                .ToImmutableArray();
            _notifications.PublishUpdate(replica.Resource, replica.Name, s => s! with { Endpoints = endpoints });
        }

        Log.Starting(_logger, _model.Resources.Count, _model.Replicas.Count);
        foreach (var runner in _runners.Values)
        {
            runner.Start();
        }

        if (_options.PrintResourceTable)
        {
            _printTable = PrintTableWhenSettledAsync(resourceApi, _lifetime.Token);
        }
    }

    public async Task StopAsync()
    {
        await _lifetime.CancelAsync().ConfigureAwait(false);
        Log.Stopping(_logger, _runners.Count, _options.ShutdownGracePeriod.TotalSeconds);
        await ShutdownOrder.StopAsync(_model.Resources, resource => Task.WhenAll(_model.Replicas
            .Where(replica => replica.Resource == resource)
            .Select(replica => _runners[replica.Name].StopAsync(_options.ShutdownGracePeriod)))).ConfigureAwait(false);
        await _printTable.ConfigureAwait(false);
        Log.Stopped(_logger);
    }

    /// <summary>SIGKILL to every replica now (a second Ctrl+C).</summary>
    public void KillAll()
    {
        foreach (var runner in _runners.Values)
        {
            runner.Kill();
        }
    }

    public void KillReplica(string replicaName) => GetRunner(replicaName).Kill();

    public Task RestartReplicaAsync(string replicaName) => GetRunner(replicaName).RestartAsync(_options.ShutdownGracePeriod);

    public ValueTask DisposeAsync()
    {
        _healthClient.Dispose();
        _lifetime.Dispose();
        return ValueTask.CompletedTask;
    }

    private ReplicaRunner GetRunner(string replicaName) =>
        _runners.GetValueOrDefault(replicaName)
        ?? throw new ArgumentException($"There is no replica named '{replicaName}' (replicas are named like 'gateway-0').", nameof(replicaName));

    private void AllocatePorts()
    {
        foreach (var resource in _model.Resources)
        {
            var replicas = resource.GetReplicaCount();
            foreach (var endpoint in resource.Annotations.OfType<EndpointAnnotation>())
            {
                endpoint.AllocatedEndpoints =
                [
                    .. Enumerable.Range(0, replicas)
                        .Select(i => new AllocatedEndpoint(endpoint, i, endpoint.TargetHost, endpoint.Port ?? PortAllocator.GetFreePort())),
                ];
            }
        }
    }

    private async Task PrintTableWhenSettledAsync(Uri? resourceApi, CancellationToken cancellationToken)
    {
        var latest = new Dictionary<string, ResourceSnapshot>(StringComparer.Ordinal);
        try
        {
            await foreach (var resourceEvent in _notifications.WatchAsync(cancellationToken).ConfigureAwait(false))
            {
                latest[resourceEvent.ReplicaName] = resourceEvent.Snapshot;
                if (latest.Count == _runners.Count && latest.Values.All(IsSettled))
                {
                    _consoleWriter.WriteBlock(ResourceTable.Format(_notifications.GetSnapshots(), resourceApi));
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped before everything was up.
        }
    }

    private static bool IsSettled(ResourceSnapshot snapshot) =>
        snapshot.IsReady || snapshot.State is KnownResourceStates.FailedToStart or KnownResourceStates.Finished;
}
