using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using VoiceAgent.Hosting.ApplicationModel;

namespace VoiceAgent.Hosting.Orchestration;

/// <summary>
/// Runs one replica for the life of the application: waits for its dependencies, starts the process, checks its
/// health, restarts it with backoff when it crashes, and stops it (SIGTERM, grace period, SIGKILL) on request.
/// </summary>
internal sealed partial class ReplicaRunner
{
    private readonly ResourceReplica _replica;
    private readonly LaunchSpecFactory _launchSpecs;
    private readonly ResourceNotificationService _notifications;
    private readonly HealthProbe _healthProbe;
    private readonly ReplicaLog _log;
    private readonly ResourceConsoleWriter? _console;
    private readonly DistributedApplicationOptions _options;
    private readonly ILogger _logger;
    private readonly IReadOnlyList<HealthCheckAnnotation> _healthChecks;
    private readonly CancellationTokenSource _stopping = new();
    private readonly RestartBackoff _backoff;
    private readonly Lock _gate = new();
    private ChildProcess? _process;
    private bool _stopRequested;
    private bool _restartRequested;
    private TaskCompletionSource _restartSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _restarts;
    private Task _loop = Task.CompletedTask;

    public ReplicaRunner(
        ResourceReplica replica,
        LaunchSpecFactory launchSpecs,
        ResourceNotificationService notifications,
        HealthProbe healthProbe,
        ReplicaLog log,
        ResourceConsoleWriter? console,
        DistributedApplicationOptions options,
        ILogger logger)
    {
        _replica = replica;
        _launchSpecs = launchSpecs;
        _notifications = notifications;
        _healthProbe = healthProbe;
        _log = log;
        _console = console;
        _options = options;
        _logger = logger;
        _healthChecks = [.. replica.Resource.Annotations.OfType<HealthCheckAnnotation>()];
        _backoff = new RestartBackoff(options.RestartDelay, options.MaxRestartDelay, options.StableRunPeriod);
    }

    public string Name => _replica.Name;

    public void Start()
    {
        lock (_gate)
        {
            _loop = Task.Run(RunAsync);
        }
    }

    /// <summary>SIGTERM, then SIGKILL after <paramref name="gracePeriod"/>; no restart follows.</summary>
    public async Task StopAsync(TimeSpan gracePeriod)
    {
        ChildProcess? process;
        Task loop;
        lock (_gate)
        {
            _stopRequested = true;
            process = _process;
            loop = _loop;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        if (process is not null)
        {
            Publish(s => s.ProcessId == process.Id ? s with { State = KnownResourceStates.Stopping } : s);
            await TerminateAsync(process, gracePeriod).ConfigureAwait(false);
        }

        await loop.ConfigureAwait(false);
    }

    /// <summary>SIGKILL now. Unless the application is stopping, the crash is handled like any other: restart after the backoff.</summary>
    public void Kill()
    {
        ChildProcess? process;
        lock (_gate)
        {
            process = _process;
        }

        process?.Kill();
    }

    /// <summary>Stops the process gracefully and starts it again at once; starts a finished or failed replica again.</summary>
    public async Task RestartAsync(TimeSpan gracePeriod)
    {
        ChildProcess? process;
        lock (_gate)
        {
            if (_stopRequested)
            {
                throw new InvalidOperationException($"{Name} cannot be restarted: the application is stopping.");
            }

            if (_loop.IsCompleted)
            {
                _restarts++;
                _loop = Task.Run(RunAsync);
                return;
            }

            _restartRequested = true;
            _restartSignal.TrySetResult();
            process = _process;
        }

        if (process is not null)
        {
            await TerminateAsync(process, gracePeriod).ConfigureAwait(false);
        }
    }

    private async Task RunAsync()
    {
        var cancellationToken = _stopping.Token;
        if (!await WaitForDependenciesAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            var process = await StartProcessAsync().ConfigureAwait(false);
            if (process is null)
            {
                return;
            }

            var exitCode = await RunUntilExitAsync(process, cancellationToken).ConfigureAwait(false);
            var runTime = DateTimeOffset.UtcNow - process.StartTime;

            bool stopRequested;
            bool restartRequested;
            lock (_gate)
            {
                _process = null;
                stopRequested = _stopRequested;
                restartRequested = _restartRequested;
                _restartRequested = false;
            }

            // Whatever the process left behind in its group goes with it.
            process.Signal(PosixSignals.SigKill);
            await process.DrainOutputAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            process.Dispose();

            var state = exitCode == 0 ? KnownResourceStates.Finished : KnownResourceStates.Exited;
            Publish(s => s with { State = state, ExitCode = exitCode, ProcessId = null, HealthStatus = null, StopTime = DateTimeOffset.UtcNow });

            if (stopRequested)
            {
                return;
            }

            if (!restartRequested)
            {
                if (exitCode == 0)
                {
                    Log.ReplicaFinished(_logger, Name);
                    return;
                }

                var delay = _backoff.Next(runTime);
                Log.ReplicaCrashed(_logger, Name, exitCode, delay.TotalSeconds);
                if (!await DelayRestartAsync(delay, cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }

            lock (_gate)
            {
                _restarts++;
            }
        }
    }

    private async Task<bool> WaitForDependenciesAsync(CancellationToken cancellationToken)
    {
        if (!_replica.Resource.Annotations.OfType<WaitAnnotation>().Any())
        {
            return true;
        }

        Publish(s => s with { State = KnownResourceStates.Waiting });
        try
        {
            await _notifications.WaitForDependenciesAsync(_replica.Resource, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Publish(s => s with { State = KnownResourceStates.NotStarted });
            return false;
        }
        catch (DistributedApplicationException exception)
        {
            Log.DependencyFailed(_logger, Name, exception.Message);
            Publish(s => s with { State = KnownResourceStates.FailedToStart, StateReason = exception.Message });
            return false;
        }
    }

    private async Task<ChildProcess?> StartProcessAsync()
    {
        int restarts;
        lock (_gate)
        {
            restarts = _restarts;
        }

        Publish(s => s with
        {
            State = KnownResourceStates.Starting,
            StateReason = null,
            Restarts = restarts,
            ExitCode = null,
            HealthStatus = null,
            ProcessId = null,
        });

        ChildProcess process;
        try
        {
            var spec = _launchSpecs.Create(_replica);
            process = await ChildProcess.StartAsync(spec, OnOutputLine).ConfigureAwait(false);
        }
        catch (ResourceLaunchException exception)
        {
            Log.ReplicaFailedToStart(_logger, Name, exception.Message);
            Publish(s => s with { State = KnownResourceStates.FailedToStart, StateReason = exception.Message });
            return null;
        }

        bool stopRequested;
        lock (_gate)
        {
            _process = process;
            _restartRequested = false;
            stopRequested = _stopRequested;
        }

        Publish(s => s with { State = KnownResourceStates.Running, ProcessId = process.Id, StartTime = process.StartTime, StopTime = null });
        Log.ReplicaStarted(_logger, Name, process.Id);

        if (stopRequested)
        {
            // The stop request came while the process was starting and did not see it.
            process.Kill();
        }

        return process;
    }

    private async Task<int> RunUntilExitAsync(ChildProcess process, CancellationToken cancellationToken)
    {
        using var healthStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var health = _healthChecks.Count > 0 ? MonitorHealthAsync(process, healthStop.Token) : Task.CompletedTask;
        var exitCode = await process.Exit.ConfigureAwait(false);
        await healthStop.CancelAsync().ConfigureAwait(false);
        try
        {
            await health.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Expected.
        }

        return exitCode;
    }

    private async Task MonitorHealthAsync(ChildProcess process, CancellationToken cancellationToken)
    {
        HealthStatus? last = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var status = await _healthProbe.CheckAsync(_replica, _healthChecks, cancellationToken).ConfigureAwait(false);
            if (status != last && !cancellationToken.IsCancellationRequested)
            {
                Publish(s => s.ProcessId == process.Id && s.State == KnownResourceStates.Running ? s with { HealthStatus = status } : s);
                Log.HealthChanged(_logger, Name, status);
                last = status;
            }

            var interval = status == HealthStatus.Healthy ? _options.HealthCheckInterval : _options.UnhealthyCheckInterval;
            await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> DelayRestartAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        Task restartSignal;
        lock (_gate)
        {
            restartSignal = _restartSignal.Task;
        }

        await Task.WhenAny(Task.Delay(delay, cancellationToken), restartSignal).ConfigureAwait(false);
        lock (_gate)
        {
            if (_restartSignal.Task.IsCompleted)
            {
                _restartSignal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            _restartRequested = false;
        }

        return !cancellationToken.IsCancellationRequested;
    }

    private async Task TerminateAsync(ChildProcess process, TimeSpan gracePeriod)
    {
        process.Signal(PosixSignals.SigTerm);
        if (await Task.WhenAny(process.Exit, Task.Delay(gracePeriod)).ConfigureAwait(false) != process.Exit)
        {
            Log.ReplicaKilledAfterGracePeriod(_logger, Name, gracePeriod.TotalSeconds);
            process.Kill();
            await process.Exit.ConfigureAwait(false);
        }
    }

    private void OnOutputLine(string text, bool isErrorOutput)
    {
        _log.Append(text, isErrorOutput);
        _console?.WriteLine(_replica.Resource.Name, Name, text);
    }

    private void Publish(Func<ResourceSnapshot, ResourceSnapshot> update) =>
        _notifications.PublishUpdate(_replica.Resource, Name, snapshot => update(snapshot!));
}
