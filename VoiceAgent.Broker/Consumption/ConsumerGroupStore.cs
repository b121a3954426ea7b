using System.Collections.Concurrent;
using VoiceAgent.Broker.Configuration;
using VoiceAgent.Broker.Storage;

namespace VoiceAgent.Broker.Consumption;

/// <summary>The consumer groups: the declared ones, and ordinary groups created on first use.</summary>
internal sealed class ConsumerGroupStore
{
    private readonly BrokerOptions _options;
    private readonly ConcurrentDictionary<string, ConsumerGroup> _byName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, ConsumerGroup> _byId = new();
    private readonly Dictionary<string, ConsumerGroup[]> _liteGroupsByParent = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private int _nextId;
    private int _created;

    public ConsumerGroupStore(BrokerOptions options, TopicStore topics)
    {
        _options = options;
        foreach (var spec in options.Groups)
        {
            var definition = GroupDefinition.Parse(spec);
            if (definition.LiteBindTopic is { } bind)
            {
                var parent = topics.Find(bind);
                if (parent is null || parent.Type != TopicType.Lite)
                {
                    throw new FormatException($"Group '{spec}': lite-bind must name a declared LITE topic, and '{bind}' is not one.");
                }
            }

            if (_byName.ContainsKey(definition.Name))
            {
                throw new FormatException($"Group '{definition.Name}' is declared twice.");
            }

            var group = Add(definition, declared: true);
            if (group.LiteBindTopic is { } parentTopic)
            {
                _liteGroupsByParent[parentTopic] = [.. _liteGroupsByParent.GetValueOrDefault(parentTopic, []), group];
            }
        }
    }

    public ICollection<ConsumerGroup> Groups => _byName.Values;

    public ConsumerGroup? Find(string name) => _byName.TryGetValue(name, out var group) ? group : null;

    public ConsumerGroup? Find(int id) => _byId.TryGetValue(id, out var group) ? group : null;

    /// <summary>The group, created as an ordinary (non-FIFO, non-lite) group when it was not declared.</summary>
    public ConsumerGroup GetOrCreate(string name)
    {
        if (_byName.TryGetValue(name, out var group))
        {
            return group;
        }

        lock (_gate)
        {
            return _byName.TryGetValue(name, out group) ? group : Add(new GroupDefinition(name), declared: false);
        }
    }

    /// <summary>
    /// The group, created as an ordinary group when it was not declared; null when that would pass
    /// <see cref="BrokerOptions.MaxConsumerGroups"/> groups created on first use.
    /// </summary>
    public ConsumerGroup? FindOrCreate(string name)
    {
        if (_byName.TryGetValue(name, out var group))
        {
            return group;
        }

        lock (_gate)
        {
            if (_byName.TryGetValue(name, out group))
            {
                return group;
            }

            return _created >= _options.MaxConsumerGroups ? null : Add(new GroupDefinition(name), declared: false);
        }
    }

    /// <summary>The lite groups bound to <paramref name="parentTopic"/> (lite groups are always declared).</summary>
    public ConsumerGroup[] LiteGroupsOf(string parentTopic) => _liteGroupsByParent.GetValueOrDefault(parentTopic, []);

    private ConsumerGroup Add(GroupDefinition definition, bool declared)
    {
        var group = new ConsumerGroup(
            Interlocked.Increment(ref _nextId),
            definition,
            definition.MaxDeliveryAttempts ?? _options.MaxDeliveryAttempts,
            definition.LiteSubscriptionQuota ?? _options.LiteSubscriptionQuota,
            declared);
        _created += declared ? 0 : 1;
        _byId[group.Id] = group;
        _byName[group.Name] = group;
        return group;
    }
}
