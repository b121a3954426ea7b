using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VoiceAgent.Processor.Diagnostics;
using VoiceAgent.Processor.Sessions;

namespace VoiceAgent.Processor.Turns;

/// <summary>
/// Runs the turns this processor holds leases for, one runner per session; reaps the turns of dead processors; and
/// watches the cancel flags of the responses it produces (raised by whichever processor handles the session's
/// uplink). At shutdown every runner hands its lease off.
/// </summary>
internal sealed partial class TurnScheduler(
    ISessionStore store,
    TurnRunner runner,
    ActiveResponses active,
    ProcessorOptions options,
    ProcessorMetrics metrics,
    TimeProvider time,
    ILogger<TurnScheduler> logger) : IHostedService, IAsyncDisposable
{
    private const int ReapBatch = 32;

    private readonly Dictionary<string, RunnerState> _runners = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private Task _reaping = Task.CompletedTask;
    private Task _polling = Task.CompletedTask;

    /// <summary>This processor's identity as a lease holder.</summary>
    public string Owner { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>The sessions whose turns run here now.</summary>
    public int RunningCount
    {
        get
        {
            lock (_gate)
            {
                return _runners.Count;
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _reaping = ReapLoopAsync(_stopping.Token);
        _polling = PollCancelFlagsAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }

        Task[] running;
        lock (_gate)
        {
            running = [.. _runners.Values.Select(state => state.Task), _reaping, _polling];
        }

        await Task.WhenAll(running).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Runs the session's turn here: this processor has just claimed its lease.</summary>
    public void Run(string sessionId)
    {
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            if (_runners.TryGetValue(sessionId, out var state))
            {
                // The runner may be on its way out after releasing the lease: make it look again.
                state.Again = true;
                return;
            }

            state = new RunnerState();
            _runners[sessionId] = state;
            state.Task = RunLoopAsync(sessionId, state);
        }
    }

    /// <summary>Stops the session's response here at once, if it is <paramref name="responseId"/> and runs here.</summary>
    public bool CancelLocal(string sessionId, string responseId) => active.Cancel(sessionId, responseId);

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task RunLoopAsync(string sessionId, RunnerState state)
    {
        await Task.Yield();
        while (true)
        {
            try
            {
                await runner.RunAsync(sessionId, Owner, _stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                Log.RunnerFailed(logger, sessionId, e);
            }

            lock (_gate)
            {
                if (!state.Again || _stopping.IsCancellationRequested)
                {
                    _runners.Remove(sessionId);
                    return;
                }

                state.Again = false;
            }

            bool claimed;
            try
            {
                claimed = await store.TryClaimAsync(sessionId, Owner, _stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                Log.RunnerFailed(logger, sessionId, e);
                claimed = false;
            }

            if (!claimed)
            {
                lock (_gate)
                {
                    if (!state.Again)
                    {
                        _runners.Remove(sessionId);
                        return;
                    }

                    state.Again = false;
                }
            }
        }
    }

    private async Task ReapLoopAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            await Task.Delay(options.ReaperInterval, time, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (stopping.IsCancellationRequested)
            {
                return;
            }

            try
            {
                foreach (var sessionId in await store.ReapAsync(Owner, ReapBatch, stopping).ConfigureAwait(false))
                {
                    metrics.Takeover();
                    Log.Reaped(logger, sessionId);
                    Run(sessionId);
                }
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                Log.ReapFailed(logger, e);
            }
        }
    }

    private async Task PollCancelFlagsAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            await Task.Delay(options.CancelPollInterval, time, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (stopping.IsCancellationRequested || active.IsEmpty)
            {
                continue;
            }

            var responses = active.Snapshot();
            try
            {
                var flags = await store.GetCancelFlagsAsync([.. responses.Select(r => r.SessionId)], stopping).ConfigureAwait(false);
                for (var i = 0; i < responses.Count; i++)
                {
                    if (flags[i] is { } cancelled && cancelled == responses[i].ResponseId)
                    {
                        active.Cancel(responses[i].SessionId, cancelled);
                    }
                }
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                Log.PollFailed(logger, e);
            }
        }
    }

    private sealed class RunnerState
    {
        public bool Again { get; set; }

        public Task Task { get; set; } = Task.CompletedTask;
    }
}
