using VoiceAgent.Broker.Storage;

namespace VoiceAgent.Broker.Consumption;

/// <summary>
/// A consumer group reading a (non-lite) topic: its state on every queue, and the long polls waiting for each queue
/// (a receive names its queue) or for any of them (a receive with no queue assignment).
/// </summary>
internal sealed class TopicConsumer
{
    private readonly PollWaiters[] _queueWaiters;
    private int _nextQueue;

    public TopicConsumer(Topic topic, ConsumerGroup group, bool ordered)
    {
        Topic = topic;
        Group = group;
        Ordered = ordered;
        States = new QueueConsumerState[topic.Queues.Length];
        _queueWaiters = new PollWaiters[topic.Queues.Length];
        for (var i = 0; i < States.Length; i++)
        {
            _queueWaiters[i] = new PollWaiters();
            var queue = topic.Queues[i];
            lock (queue.Gate)
            {
                // A new group reads what is still stored, as RocketMQ does while the head is in memory.
                States[i] = new QueueConsumerState(queue, group, ordered, queue.Log.MinOffset) { Consumer = this };
                queue.Consumers.Add(States[i]);
            }
        }
    }

    public Topic Topic { get; }

    public ConsumerGroup Group { get; }

    public QueueConsumerState[] States { get; }

    /// <summary>Ordered consumption: the group was assigned each queue on its own (QueryAssignment), so a receive names one.</summary>
    public bool Ordered { get; }

    /// <summary>Long polls that take from any queue.</summary>
    public PollWaiters AnyQueueWaiters { get; } = new();

    /// <summary>Long polls for queue <paramref name="queueId"/> only.</summary>
    public PollWaiters WaitersOf(int queueId) => _queueWaiters[queueId];

    /// <summary>
    /// Whether a receive for <paramref name="queueId"/> takes from that queue only: an ordered group's assignment. Other
    /// receives take from every queue, as RocketMQ's proxy pops a whole broker for them (simple consumers name a queue of
    /// the route only to pick a broker).
    /// </summary>
    public bool IsAssignedQueue(int queueId) => Ordered && queueId >= 0 && queueId < States.Length;

    /// <summary>Where a receive that takes from every queue starts: the queue it names, else the next in turn.</summary>
    public int StartQueue(int queueId) => queueId >= 0 && queueId < States.Length ? queueId : NextStartQueue();

    /// <summary>Something became deliverable on <paramref name="state"/>: wakes one long poll of its queue, else one of any queue.</summary>
    public void WakeOne(QueueConsumerState state)
    {
        if (!_queueWaiters[state.Queue.QueueId].WakeOne())
        {
            AnyQueueWaiters.WakeOne();
        }
    }

    private int NextStartQueue() => (int)((uint)Interlocked.Increment(ref _nextQueue) % (uint)States.Length);
}
