namespace VoiceAgent.RocketMQ;

/// <summary>Round-robin over the readable master queues of a topic, for simple consumers.</summary>
internal sealed class SubscriptionLoadBalancer
{
    private readonly IReadOnlyList<MessageQueueInfo> _queues;
    private int _index;

    public SubscriptionLoadBalancer(TopicRoute route, int startIndex)
    {
        _queues = route.Queues.Where(q => q.IsReadable && q.IsMaster).ToList();
        if (_queues.Count == 0)
        {
            throw new NotFoundException($"Topic {route.Topic} has no readable queue.");
        }

        _index = startIndex;
    }

    public int NextIndex => Volatile.Read(ref _index);

    public MessageQueueInfo Take()
    {
        var next = (uint)(Interlocked.Increment(ref _index) - 1);
        return _queues[(int)(next % (uint)_queues.Count)];
    }
}
