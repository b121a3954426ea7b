using VoiceAgent.Broker.Storage;

namespace VoiceAgent.Broker.Consumption;

/// <summary>A consumer group reading a (non-lite) topic: its state on every queue and the signal its long polls wait on.</summary>
internal sealed class TopicConsumer
{
    private int _nextQueue;

    public TopicConsumer(Topic topic, ConsumerGroup group, bool ordered)
    {
        Signal = new AsyncSignal();
        Topic = topic;
        Group = group;
        States = new QueueConsumerState[topic.Queues.Length];
        for (var i = 0; i < States.Length; i++)
        {
            var queue = topic.Queues[i];
            lock (queue.Gate)
            {
                // A new group reads what is still stored, as RocketMQ does while the head is in memory.
                States[i] = new QueueConsumerState(queue, group, ordered, queue.Log.MinOffset) { Signal = Signal };
                queue.Consumers.Add(States[i]);
            }
        }
    }

    public Topic Topic { get; }

    public ConsumerGroup Group { get; }

    public QueueConsumerState[] States { get; }

    public AsyncSignal Signal { get; }

    /// <summary>Where the next pop starts, so that queues take turns.</summary>
    public int NextStartQueue() => (int)((uint)Interlocked.Increment(ref _nextQueue) % (uint)States.Length);
}
