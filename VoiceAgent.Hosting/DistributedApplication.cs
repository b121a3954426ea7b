using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VoiceAgent.Hosting.ApplicationModel;
using VoiceAgent.Hosting.Orchestration;

namespace VoiceAgent.Hosting;

/// <summary>
/// The running application: every resource as child processes, and the resource API. <see cref="Run"/> runs it
/// until Ctrl+C or SIGTERM, then stops every replica (SIGTERM, grace period, SIGKILL); a second Ctrl+C kills at once.
/// </summary>
public sealed partial class DistributedApplication : IHost, IAsyncDisposable
{
    private readonly WebApplication _web;
    private readonly DistributedApplicationOptions _options;
    private readonly ILogger<DistributedApplication> _logger;
    private readonly Lock _gate = new();
    private bool _started;
    private bool _disposed;
    private Task? _stopping;

    internal DistributedApplication(WebApplication web, DistributedApplicationOptions options)
    {
        _web = web;
        _options = options;
        _logger = web.Services.GetRequiredService<ILogger<DistributedApplication>>();
        Orchestrator = web.Services.GetRequiredService<Orchestrator>();
        Model = web.Services.GetRequiredService<DistributedApplicationModel>();
        ResourceNotifications = web.Services.GetRequiredService<ResourceNotificationService>();
    }

    /// <summary>The AppHost's services.</summary>
    public IServiceProvider Services => _web.Services;

    /// <summary>The state of every replica, and waits on it.</summary>
    public ResourceNotificationService ResourceNotifications { get; }

    /// <summary>The base address of the resource API, once started (its port is known only then when configured as 0).</summary>
    public Uri? ResourceApiUri { get; private set; }

    internal Orchestrator Orchestrator { get; }

    internal DistributedApplicationModel Model { get; }

    /// <summary>Creates the builder of an application model.</summary>
    public static IDistributedApplicationBuilder CreateBuilder(string[] args) =>
        CreateBuilder(new DistributedApplicationOptions { Args = args });

    /// <summary>Creates the builder of an application model with <paramref name="options"/>.</summary>
    public static IDistributedApplicationBuilder CreateBuilder(DistributedApplicationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        EntryPointCapture.Current?.ConfigureOptions(options);
        return new DistributedApplicationBuilder(options);
    }

    /// <summary>Starts the resource API, then every resource in dependency order (returns without waiting for them).</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_started)
            {
                throw new InvalidOperationException("The application has already been started.");
            }

            _started = true;
        }

        await _web.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = _web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (address is not null)
        {
            ResourceApiUri = new Uri(address.EndsWith('/') ? address : address + "/");
            Log.ResourceApiListening(_logger, new Uri(ResourceApiUri, "api/resources"));
        }

        Orchestrator.Start(ResourceApiUri);
    }

    /// <summary>Stops every replica (SIGTERM, then SIGKILL after the grace period) and the resource API.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return _stopping ??= StopCoreAsync();
        }
    }

    /// <summary>Runs until Ctrl+C or SIGTERM, then stops everything.</summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        using var forceOnSecondSignal = _options.IsTesting ? null : RegisterForceStopOnSecondSignal();
        await StartAsync(cancellationToken).ConfigureAwait(false);
        var lifetime = Services.GetRequiredService<IHostApplicationLifetime>();
        var stopRequested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStopping.Register(() => stopRequested.TrySetResult()))
        using (cancellationToken.Register(() => stopRequested.TrySetResult()))
        {
            await stopRequested.Task.ConfigureAwait(false);
        }

        Log.ShuttingDown(_logger);
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Runs until Ctrl+C or SIGTERM, then stops everything.</summary>
    public void Run() => RunAsync().GetAwaiter().GetResult();

    /// <summary>Stops (if running) and releases everything.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        await _web.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task StopCoreAsync()
    {
        bool started;
        lock (_gate)
        {
            started = _started;
        }

        if (!started)
        {
            return;
        }

        await Orchestrator.StopAsync().ConfigureAwait(false);
        await _web.StopAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private CompositeDisposable? RegisterForceStopOnSecondSignal()
    {
        if (OperatingSystem.IsWindows() || OperatingSystem.IsBrowser())
        {
            return null;
        }

        void OnSignal(PosixSignalContext context)
        {
            bool stopping;
            lock (_gate)
            {
                stopping = _stopping is not null;
            }

            if (stopping)
            {
                Log.ForcedStop(_logger);
                Orchestrator.KillAll();
            }
        }

        return new CompositeDisposable(
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal));
    }

    private sealed class CompositeDisposable(params IDisposable[] items) : IDisposable
    {
        public void Dispose()
        {
            foreach (var item in items)
            {
                item.Dispose();
            }
        }
    }
}
