using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using VoiceAgent.Broker.Configuration;
using VoiceAgent.Broker.Consumption;
using VoiceAgent.Broker.Diagnostics;
using VoiceAgent.Broker.Storage;

namespace VoiceAgent.Broker.Admin;

/// <summary>
/// Watches lite topic backlogs against their thresholds (per parent topic, overridable per lite topic):
/// crossing raises a structured log event, an entry in <c>GET /api/alerts</c> and a metric count; dropping back
/// resolves it.
/// </summary>
internal sealed partial class BacklogAlerts(
    BrokerOptions options,
    TopicStore topics,
    ConsumerGroupStore groups,
    BrokerMetrics metrics,
    TimeProvider time,
    ILogger<BacklogAlerts> logger)
{
    private readonly ConcurrentDictionary<BrokerQueue, AlertInfo> _active = new();
    private readonly ConcurrentDictionary<string, long> _overrides = new(options.LiteTopicBacklogThresholds, StringComparer.Ordinal);

    public int ActiveCount => _active.Count;

    public IReadOnlyList<AlertInfo> Active => [.. _active.Values.OrderByDescending(alert => alert.Backlog)];

    /// <summary>Lite topics that can have a threshold of their own.</summary>
    public const int MaxOverrides = 10_000;

    /// <summary>Sets (or with null removes) the threshold of one lite topic; false when that would pass <see cref="MaxOverrides"/>.</summary>
    public bool SetThreshold(string parentTopic, string liteTopic, long? threshold)
    {
        var key = $"{parentTopic}/{liteTopic}";
        if (threshold is not { } value)
        {
            _overrides.TryRemove(key, out _);
            return true;
        }

        if (_overrides.Count >= MaxOverrides && !_overrides.ContainsKey(key))
        {
            return false;
        }

        _overrides[key] = value;
        return true;
    }

    public long? ThresholdOf(Topic parent, string liteTopic) =>
        _overrides.TryGetValue($"{parent.Name}/{liteTopic}", out var value) ? value : parent.BacklogAlertThreshold;

    /// <summary>Compares every lite topic with its threshold.</summary>
    public void Evaluate()
    {
        foreach (var (queue, alert) in _active)
        {
            if (queue.Removed)
            {
                _active.TryRemove(queue, out _);
                Log.Resolved(logger, alert.ParentTopic, alert.LiteTopic, 0, alert.Threshold);
            }
        }

        foreach (var parent in topics.Topics)
        {
            if (parent.Type != TopicType.Lite || (parent.BacklogAlertThreshold is null && _overrides.IsEmpty))
            {
                continue;
            }

            var liteGroups = groups.LiteGroupsOf(parent.Name);
            foreach (var queue in parent.LiteTopics.Values)
            {
                if (ThresholdOf(parent, queue.LiteTopic!) is not { } threshold)
                {
                    continue;
                }

                long backlog;
                lock (queue.Gate)
                {
                    backlog = Backlog.Largest(queue, liteGroups).Backlog;
                }

                Update(queue, backlog, threshold);
            }
        }
    }

    private void Update(BrokerQueue queue, long backlog, long threshold)
    {
        if (backlog > threshold)
        {
            var raised = new AlertInfo(queue.Topic.Name, queue.LiteTopic!, backlog, threshold, time.GetUtcNow());
            if (_active.TryAdd(queue, raised))
            {
                metrics.BacklogAlertRaised(queue.Topic.Name);
                Log.Raised(logger, queue.Topic.Name, queue.LiteTopic!, backlog, threshold);
            }
            else if (_active.TryGetValue(queue, out var current))
            {
                _active.TryUpdate(queue, current with { Backlog = backlog, Threshold = threshold }, current);
            }
        }
        else if (_active.TryRemove(queue, out _))
        {
            Log.Resolved(logger, queue.Topic.Name, queue.LiteTopic!, backlog, threshold);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(4001, LogLevel.Warning, "Backlog alert: lite topic {LiteTopic} of {ParentTopic} holds {Backlog} messages, over its threshold of {Threshold}")]
        public static partial void Raised(ILogger logger, string parentTopic, string liteTopic, long backlog, long threshold);

        [LoggerMessage(4002, LogLevel.Information, "Backlog alert resolved: lite topic {LiteTopic} of {ParentTopic} holds {Backlog} messages (threshold {Threshold})")]
        public static partial void Resolved(ILogger logger, string parentTopic, string liteTopic, long backlog, long threshold);
    }
}
