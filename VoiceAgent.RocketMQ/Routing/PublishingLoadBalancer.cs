namespace VoiceAgent.RocketMQ;

/// <summary>
/// Picks the queues a send goes to: writable master queues only; FIFO messages by the SipHash of their group;
/// others round-robin over distinct brokers, skipping isolated endpoints unless nothing else is left.
/// </summary>
internal sealed class PublishingLoadBalancer
{
    private readonly IReadOnlyList<MessageQueueInfo> _queues;
    private int _index;

    public PublishingLoadBalancer(TopicRoute route, int startIndex)
    {
        _queues = route.Queues.Where(q => q.IsWritable && q.IsMaster).ToList();
        if (_queues.Count == 0)
        {
            throw new NotFoundException($"Topic {route.Topic} has no writable queue.");
        }

        _index = startIndex;
    }

    public IReadOnlyList<MessageQueueInfo> Queues => _queues;

    /// <summary>The index to continue from when the route changes.</summary>
    public int NextIndex => Volatile.Read(ref _index);

    public MessageQueueInfo TakeByMessageGroup(string messageGroup) => _queues[SipHash24.QueueIndex(messageGroup, _queues.Count)];

    /// <summary>Up to <paramref name="count"/> queues on distinct brokers, healthy ones first.</summary>
    public IReadOnlyList<MessageQueueInfo> Take(Func<BrokerEndpoints, bool> isIsolated, int count)
    {
        var next = Interlocked.Increment(ref _index) - 1;
        var candidates = new List<MessageQueueInfo>(Math.Min(count, _queues.Count));
        for (var pass = 0; pass < 2 && candidates.Count == 0; pass++)
        {
            for (var i = 0; i < _queues.Count && candidates.Count < count; i++)
            {
                var queue = _queues[Mod(next + i, _queues.Count)];
                if ((pass == 0 && isIsolated(queue.Endpoints)) || HasBroker(candidates, queue.BrokerName))
                {
                    continue;
                }

                candidates.Add(queue);
            }
        }

        return candidates;
    }

    private static bool HasBroker(List<MessageQueueInfo> candidates, string brokerName)
    {
        foreach (var candidate in candidates)
        {
            if (candidate.BrokerName == brokerName)
            {
                return true;
            }
        }

        return false;
    }

    private static int Mod(int value, int modulus)
    {
        var result = value % modulus;
        return result < 0 ? result + modulus : result;
    }
}
