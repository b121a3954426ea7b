namespace VoiceAgent.Gateway.Connections;

/// <summary>
/// The response in progress and the responses cancelled (by the client's <c>response.cancel</c> or the
/// processor's <c>speech_started</c>), whose remaining deltas the gateway drops. Each cancel starts a new epoch
/// and fires <see cref="BargeIn"/>, so a writer waiting to pace audio wakes up at once.
/// </summary>
internal sealed class ResponseTracker
{
    private const int RememberedCancellations = 32;

    private readonly Lock _lock = new();
    private readonly Queue<string> _cancelledOrder = new();
    private readonly HashSet<string> _cancelled = new(StringComparer.Ordinal);
    private CancellationTokenSource _bargeIn = new();
    private string? _current;
    private int _epoch;

    /// <summary>Cancelled at each barge-in.</summary>
    public CancellationToken BargeIn
    {
        get
        {
            lock (_lock)
            {
                return _bargeIn.Token;
            }
        }
    }

    /// <summary>Goes up by one at each barge-in.</summary>
    public int Epoch => Volatile.Read(ref _epoch);

    public void Created(string? responseId)
    {
        lock (_lock)
        {
            _current = responseId;
        }
    }

    public void Done(string? responseId)
    {
        lock (_lock)
        {
            if (_current == responseId)
            {
                _current = null;
            }
        }
    }

    /// <summary>Cancels <paramref name="responseId"/>, or the response in progress; false when there is none.</summary>
    public bool Cancel(string? responseId)
    {
        CancellationTokenSource fired;
        lock (_lock)
        {
            var id = responseId ?? _current;
            if (id is null || !_cancelled.Add(id))
            {
                return false;
            }

            _cancelledOrder.Enqueue(id);
            if (_cancelledOrder.Count > RememberedCancellations)
            {
                _cancelled.Remove(_cancelledOrder.Dequeue());
            }

            fired = _bargeIn;
            _bargeIn = new CancellationTokenSource();
            _epoch++;
        }

        fired.Cancel();
        fired.Dispose();
        return true;
    }

    public bool IsCancelled(string? responseId)
    {
        if (responseId is null)
        {
            return false;
        }

        lock (_lock)
        {
            return _cancelled.Contains(responseId);
        }
    }
}
