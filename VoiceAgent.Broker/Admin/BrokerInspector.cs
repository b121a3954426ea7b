using VoiceAgent.Broker.Configuration;
using VoiceAgent.Broker.Consumption;
using VoiceAgent.Broker.Storage;

namespace VoiceAgent.Broker.Admin;

/// <summary>
/// A read-only view of the broker's state, the same the admin API serves: topics, groups, clients, lite topics
/// by backlog, alerts. Tests assert on it; figures are taken queue by queue, not as one snapshot.
/// </summary>
public sealed class BrokerInspector
{
    private readonly BrokerCore _core;

    internal BrokerInspector(BrokerCore core) => _core = core;

    /// <summary>Bytes of messages held by the broker, delayed messages included.</summary>
    public long StoredBytes => _core.Topics.Budget.Used;

    public int LiteTopicCount => _core.Topics.LiteTopicCount;

    public int LiteSubscriptionCount => _core.Subscriptions.Count;

    public IReadOnlyList<TopicInfo> Topics()
    {
        var result = new List<TopicInfo>();
        foreach (var topic in _core.Topics.Topics.OrderBy(topic => topic.Name, StringComparer.Ordinal))
        {
            long messages = 0;
            long bytes = 0;
            long retained = 0;
            foreach (var queue in topic.Type == TopicType.Lite ? topic.LiteTopics.Values : (IEnumerable<BrokerQueue>)topic.Queues)
            {
                lock (queue.Gate)
                {
                    messages += queue.Log.Count;
                    bytes += queue.Log.Bytes;
                    retained += queue.Log.RetainedBytes;
                }
            }

            result.Add(new TopicInfo(
                topic.Name,
                topic.Type.ToString().ToUpperInvariant(),
                topic.Queues.Length,
                messages,
                bytes,
                topic.LiteTopics.Count,
                topic.LiteExpiration is { } expiration ? (long)expiration.TotalSeconds : null,
                topic.IsDeadLetter,
                topic.RetainMs > 0 ? topic.RetainMs / 1000 : null,
                retained));
        }

        return result;
    }

    public IReadOnlyList<GroupInfo> Groups()
    {
        var clientsPerGroup = _core.Clients.Clients
            .Where(client => client.Group is not null)
            .GroupBy(client => client.Group!)
            .ToDictionary(grouping => grouping.Key, grouping => grouping.Count());
        return [.. _core.Groups.Groups
            .OrderBy(group => group.Name, StringComparer.Ordinal)
            .Select(group => new GroupInfo(
                group.Name,
                group.Fifo,
                group.LiteBindTopic,
                group.MaxDeliveryAttempts,
                group.LiteSubscriptionQuota,
                group.SubscriptionModel.ToString(),
                group.Declared,
                clientsPerGroup.GetValueOrDefault(group),
                BacklogOf(group)))];
    }

    public IReadOnlyList<ClientInfo> Clients() =>
        [.. _core.Clients.Clients
            .OrderBy(client => client.ClientId, StringComparer.Ordinal)
            .Select(client => new ClientInfo(
                client.ClientId,
                client.Address,
                client.ClientType.ToString(),
                client.Group?.Name,
                client.IsLiteConsumer && client.Group is { } group
                    ? _core.Subscriptions.LiteTopicsOf(client, group).Count
                    : client.Settings?.Subscription?.Subscriptions.Count ?? 0,
                client.LastHeartbeatMs > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(client.LastHeartbeatMs) : null,
                DateTimeOffset.FromUnixTimeMilliseconds(client.LastSeenMs),
                client.Language,
                client.Version))];

    /// <summary>The <paramref name="top"/> lite topics with the largest backlog, of one parent or of all.</summary>
    public IReadOnlyList<LiteTopicInfo> LiteTopics(string? parent = null, int top = 20)
    {
        var now = _core.Time.GetUtcNow().ToUnixTimeMilliseconds();
        var largest = new PriorityQueue<(BrokerQueue Queue, long Backlog, long? Oldest), long>();
        foreach (var topic in _core.Topics.Topics)
        {
            if (topic.Type != TopicType.Lite || (parent is not null && !string.Equals(topic.Name, parent, StringComparison.Ordinal)))
            {
                continue;
            }

            var groups = _core.Groups.LiteGroupsOf(topic.Name);
            foreach (var queue in topic.LiteTopics.Values)
            {
                (long Backlog, long? Oldest) figures;
                lock (queue.Gate)
                {
                    figures = Backlog.Largest(queue, groups);
                }

                largest.Enqueue((queue, figures.Backlog, figures.Oldest), figures.Backlog);
                if (largest.Count > Math.Max(0, top))
                {
                    largest.Dequeue();
                }
            }
        }

        var result = new List<LiteTopicInfo>(largest.Count);
        while (largest.TryDequeue(out var entry, out _))
        {
            var (queue, backlog, oldest) = entry;
            var subscribers = _core.Groups.LiteGroupsOf(queue.Topic.Name)
                .SelectMany(group => _core.Subscriptions.Subscribers(group, queue.LiteTopic!))
                .Select(client => new SubscriberInfo(client.ClientId, client.Address))
                .ToList();
            result.Add(new LiteTopicInfo(
                queue.Topic.Name,
                queue.LiteTopic!,
                backlog,
                oldest is { } stored ? Math.Max(0, now - stored) : 0,
                DateTimeOffset.FromUnixTimeMilliseconds(queue.LastWriteMs),
                subscribers));
        }

        result.Reverse();
        return result;
    }

    public IReadOnlyList<AlertInfo> Alerts() => _core.Alerts.Active;

    private List<GroupBacklogInfo> BacklogOf(ConsumerGroup group)
    {
        var result = new List<GroupBacklogInfo>();
        foreach (var topic in _core.Topics.Topics.OrderBy(topic => topic.Name, StringComparer.Ordinal))
        {
            long backlog = 0;
            long inFlight = 0;
            if (topic.Type == TopicType.Lite)
            {
                if (!string.Equals(group.LiteBindTopic, topic.Name, StringComparison.Ordinal))
                {
                    continue;
                }

                foreach (var queue in topic.LiteTopics.Values)
                {
                    lock (queue.Gate)
                    {
                        backlog += Backlog.Of(queue, group);
                        inFlight += queue.FindConsumer(group)?.InvisibleCount ?? 0;
                    }
                }
            }
            else if (topic.Consumers.FirstOrDefault(consumer => ReferenceEquals(consumer.Group, group)) is { } consumer)
            {
                foreach (var state in consumer.States)
                {
                    lock (state.Queue.Gate)
                    {
                        backlog += state.Backlog;
                        inFlight += state.InvisibleCount;
                    }
                }
            }
            else
            {
                continue;
            }

            result.Add(new GroupBacklogInfo(topic.Name, backlog, inFlight));
        }

        return result;
    }
}
