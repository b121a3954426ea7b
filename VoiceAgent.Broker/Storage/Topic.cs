using System.Collections.Concurrent;
using VoiceAgent.Broker.Configuration;
using VoiceAgent.Broker.Consumption;
using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.Broker.Storage;

/// <summary>A topic: its queues, and for a LITE parent its lite topics.</summary>
internal sealed class Topic
{
    private readonly Lock _consumersGate = new();
    private TopicConsumer[] _consumers = [];

    public Topic(TopicDefinition definition, int queueCount, Func<Topic, int, BrokerQueue> createQueue, bool isDeadLetter = false)
    {
        Name = definition.Name;
        Type = definition.Type;
        LiteExpiration = definition.LiteExpiration;
        BacklogAlertThreshold = definition.BacklogAlertThreshold;
        RetainMs = definition.Retain is { } retain ? (long)retain.TotalMilliseconds : 0;
        IsDeadLetter = isDeadLetter;
        Queues = new BrokerQueue[queueCount];
        for (var i = 0; i < queueCount; i++)
        {
            Queues[i] = createQueue(this, i);
        }
    }

    public string Name { get; }

    public TopicType Type { get; }

    public bool IsDeadLetter { get; }

    public BrokerQueue[] Queues { get; }

    public TimeSpan? LiteExpiration { get; }

    public long? BacklogAlertThreshold { get; }

    /// <summary>How long settled messages of its lite topics stay for replay; 0 drops them once settled.</summary>
    public long RetainMs { get; }

    /// <summary>The lite topics of a LITE parent, by name.</summary>
    public ConcurrentDictionary<string, BrokerQueue> LiteTopics { get; } = new(StringComparer.Ordinal);

    /// <summary>The consumer groups reading this (non-lite) topic, woken when messages arrive.</summary>
    public TopicConsumer[] Consumers => Volatile.Read(ref _consumers);

    public MessageType AcceptedMessageType => Type switch
    {
        TopicType.Fifo => MessageType.Fifo,
        TopicType.Delay => MessageType.Delay,
        TopicType.Lite => MessageType.Lite,
        _ => MessageType.Normal,
    };

    public TopicConsumer GetOrAddConsumer(ConsumerGroup group, Func<Topic, ConsumerGroup, TopicConsumer> create)
    {
        foreach (var consumer in Consumers)
        {
            if (ReferenceEquals(consumer.Group, group))
            {
                return consumer;
            }
        }

        lock (_consumersGate)
        {
            foreach (var consumer in _consumers)
            {
                if (ReferenceEquals(consumer.Group, group))
                {
                    return consumer;
                }
            }

            var created = create(this, group);
            Volatile.Write(ref _consumers, [.. _consumers, created]);
            return created;
        }
    }
}
