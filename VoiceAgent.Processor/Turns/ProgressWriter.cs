using VoiceAgent.Processor.Sessions;

namespace VoiceAgent.Processor.Turns;

/// <summary>
/// Saves a response's progress in the background, one write at a time and always the latest, so that publishing
/// never waits for the store; a progress that lags behind reality only makes a takeover re-send events the gateway
/// then drops by their ids.
/// </summary>
internal sealed class ProgressWriter(ISessionStore store, string sessionId, string responseId, Action? noLongerInProgress = null)
{
    private readonly Lock _gate = new();
    private ResponseProgress? _latest;
    private Task _writing = Task.CompletedTask;
    private bool _running;

    /// <summary>False once the store refused a write: the response is no longer in progress (cancelled).</summary>
    public bool StillInProgress { get; private set; } = true;

    public void Update(ResponseProgress progress)
    {
        lock (_gate)
        {
            _latest = progress;
            if (!_running)
            {
                _running = true;
                _writing = WriteLoopAsync();
            }
        }
    }

    /// <summary>Waits until the latest progress is saved.</summary>
    public Task FlushAsync()
    {
        lock (_gate)
        {
            return _writing;
        }
    }

    private async Task WriteLoopAsync()
    {
        await Task.Yield();
        while (true)
        {
            ResponseProgress progress;
            lock (_gate)
            {
                if (_latest is null)
                {
                    _running = false;
                    return;
                }

                progress = _latest;
                _latest = null;
            }

            try
            {
                if (!await store.SaveProgressAsync(sessionId, responseId, progress, CancellationToken.None).ConfigureAwait(false) && StillInProgress)
                {
                    // Cancelled by another processor: stop without waiting for its cancel flag.
                    StillInProgress = false;
                    noLongerInProgress?.Invoke();
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A lost progress write only costs re-sent (and dropped) events after a takeover.
            }
        }
    }
}
