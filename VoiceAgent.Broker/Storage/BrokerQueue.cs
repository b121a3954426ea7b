using VoiceAgent.Broker.Configuration;
using VoiceAgent.Broker.Consumption;

namespace VoiceAgent.Broker.Storage;

/// <summary>
/// One ordered queue: queue N of a topic, or a lite topic (one queue of its own under a LITE parent).
/// <see cref="Gate"/> guards the log, the consumer states and the timestamps.
/// </summary>
internal sealed class BrokerQueue(long id, Topic topic, int queueId, string? liteTopic)
{
    /// <summary>Unique for the broker's lifetime, never reused: receipt handles name the queue by it.</summary>
    public long Id { get; } = id;

    public Topic Topic { get; } = topic;

    public int QueueId { get; } = queueId;

    /// <summary>The lite topic name when this queue is a lite topic.</summary>
    public string? LiteTopic { get; } = liteTopic;

    private long _delayedBytes;

    public Lock Gate { get; } = new();

    /// <summary>Bytes of delayed messages bound for this queue and not stored yet; they count against its limit.</summary>
    public long DelayedBytes => Interlocked.Read(ref _delayedBytes);

    public void AddDelayed(long bytes) => Interlocked.Add(ref _delayedBytes, bytes);

    public MessageLog Log { get; } = new();

    /// <summary>The read position of every consumer group on this queue.</summary>
    public List<QueueConsumerState> Consumers { get; } = [];

    public long CreatedMs { get; init; }

    public long LastWriteMs { get; set; }

    /// <summary>Set once a lite topic expired; appends then go to a fresh queue.</summary>
    public bool Removed { get; set; }

    public string DisplayName => LiteTopic is null
        ? $"{Topic.Name}#{QueueId}"
        : $"{NameRules.LiteQueuePrefix}{Topic.Name}${LiteTopic}";

    public QueueConsumerState? FindConsumer(ConsumerGroup group)
    {
        foreach (var state in Consumers)
        {
            if (ReferenceEquals(state.Group, group))
            {
                return state;
            }
        }

        return null;
    }

    /// <summary>The lowest offset some group still needs; everything below can be dropped.</summary>
    public long LowestCommittedOffset()
    {
        if (Consumers.Count == 0)
        {
            return Log.MinOffset;
        }

        var lowest = long.MaxValue;
        foreach (var state in Consumers)
        {
            lowest = Math.Min(lowest, state.Committed);
        }

        return lowest;
    }
}
