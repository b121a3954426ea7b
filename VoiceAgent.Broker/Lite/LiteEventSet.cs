using VoiceAgent.Broker.Storage;

namespace VoiceAgent.Broker.Lite;

/// <summary>
/// A lite consumer's to-do list: the lite topics that may have something to deliver to it, each at most
/// once, in arrival order. A receive walks it instead of every subscription.
/// </summary>
internal sealed class LiteEventSet
{
    private readonly Lock _gate = new();
    private readonly Queue<BrokerQueue> _order = new();
    private readonly HashSet<BrokerQueue> _members = [];

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _order.Count;
            }
        }
    }

    public void Add(BrokerQueue liteTopic)
    {
        lock (_gate)
        {
            if (_members.Add(liteTopic))
            {
                _order.Enqueue(liteTopic);
            }
        }
    }

    public bool TryTake(out BrokerQueue liteTopic)
    {
        lock (_gate)
        {
            if (_order.TryDequeue(out liteTopic!))
            {
                _members.Remove(liteTopic);
                return true;
            }

            return false;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _order.Clear();
            _members.Clear();
        }
    }
}
