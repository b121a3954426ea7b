namespace VoiceAgent.Gateway.Connections;

/// <summary>The last few thousand <c>event_id</c>s delivered on a connection, to drop a redelivered duplicate.</summary>
internal sealed class RecentEventIds(int capacity = 4096)
{
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    /// <summary>Remembers <paramref name="eventId"/>; false when it was already there.</summary>
    public bool Add(string eventId)
    {
        lock (_ids)
        {
            if (!_ids.Add(eventId))
            {
                return false;
            }

            _order.Enqueue(eventId);
            if (_order.Count > capacity)
            {
                _ids.Remove(_order.Dequeue());
            }

            return true;
        }
    }

    public bool Contains(string eventId)
    {
        lock (_ids)
        {
            return _ids.Contains(eventId);
        }
    }
}
