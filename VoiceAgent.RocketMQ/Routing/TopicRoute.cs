namespace VoiceAgent.RocketMQ;

/// <summary>The queues of one topic, as QueryRoute answered.</summary>
internal sealed class TopicRoute : IEquatable<TopicRoute>
{
    public TopicRoute(string topic, IReadOnlyList<MessageQueueInfo> queues)
    {
        Topic = topic;
        Queues = queues;
        Endpoints = queues.Select(q => q.Endpoints).Distinct().ToList();
    }

    public string Topic { get; }

    public IReadOnlyList<MessageQueueInfo> Queues { get; }

    /// <summary>Every distinct broker endpoint of the route.</summary>
    public IReadOnlyList<BrokerEndpoints> Endpoints { get; }

    public bool Equals(TopicRoute? other) => other is not null && Topic == other.Topic && Queues.SequenceEqual(other.Queues);

    public override bool Equals(object? obj) => Equals(obj as TopicRoute);

    public override int GetHashCode() => HashCode.Combine(Topic, Queues.Count);

    public override string ToString() => $"{Topic}: [{string.Join(", ", Queues)}]";
}
