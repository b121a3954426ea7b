using Microsoft.Extensions.Logging;
using VoiceAgent.Broker.Clients;
using VoiceAgent.Broker.Configuration;
using VoiceAgent.Broker.Consumption;
using VoiceAgent.Broker.Lite;
using VoiceAgent.Broker.Storage;

namespace VoiceAgent.Broker;

/// <summary>
/// The broker's periodic chores: removing idle lite topics, dropping silent clients, closing replay windows,
/// enforcing message retention. Each runs on its own period from <see cref="HousekeepingService"/>, or directly in tests.
/// </summary>
internal sealed partial class Housekeeping(
    BrokerOptions options,
    TopicStore topics,
    ConsumerGroupStore groups,
    LiteSubscriptionRegistry subscriptions,
    ClientLifecycle lifecycle,
    TimeProvider time,
    ILogger<Housekeeping> logger)
{
    /// <summary>How often idle lite topics are looked for: configured, or a quarter of the shortest expiration (0.1 s to 30 s).</summary>
    public TimeSpan LiteReaperInterval
    {
        get
        {
            if (options.LiteReaperInterval is { } configured && configured > TimeSpan.Zero)
            {
                return configured;
            }

            var shortest = topics.Topics
                .Where(topic => topic.LiteExpiration is not null)
                .Select(topic => topic.LiteExpiration!.Value)
                .DefaultIfEmpty(TimeSpan.FromMinutes(2))
                .Min();
            return TimeSpan.FromTicks(Math.Clamp(shortest.Ticks / 4, TimeSpan.FromMilliseconds(100).Ticks, TimeSpan.FromSeconds(30).Ticks));
        }
    }

    /// <summary>How often retained messages past their replay window are dropped: a quarter of the shortest window (0.1 s to 30 s).</summary>
    public TimeSpan RetainSweepInterval
    {
        get
        {
            var shortest = topics.Topics
                .Where(topic => topic.RetainMs > 0)
                .Select(topic => TimeSpan.FromMilliseconds(topic.RetainMs))
                .DefaultIfEmpty(TimeSpan.FromMinutes(2))
                .Min();
            return TimeSpan.FromTicks(Math.Clamp(shortest.Ticks / 4, TimeSpan.FromMilliseconds(100).Ticks, TimeSpan.FromSeconds(30).Ticks));
        }
    }

    public TimeSpan ClientSweepInterval =>
        TimeSpan.FromTicks(Math.Clamp(options.ClientTimeout.Ticks / 4, TimeSpan.FromMilliseconds(100).Ticks, TimeSpan.FromSeconds(5).Ticks));

    /// <summary>Removes lite topics without a write for longer than their parent's expiration; returns how many.</summary>
    public int ExpireIdleLiteTopics()
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var removed = 0;
        foreach (var parent in topics.Topics)
        {
            if (parent.Type != TopicType.Lite || parent.LiteExpiration is not { } expiration)
            {
                continue;
            }

            var limitMs = (long)expiration.TotalMilliseconds;
            foreach (var queue in parent.LiteTopics.Values)
            {
                long idleMs;
                lock (queue.Gate)
                {
                    idleMs = now - queue.LastWriteMs;
                }

                if (idleMs <= limitMs || !topics.RemoveLiteTopic(queue, now - limitMs - 1, RemoveSubscriptions))
                {
                    continue;
                }

                removed++;
                Log.LiteTopicExpired(logger, queue.LiteTopic!, parent.Name, TimeSpan.FromMilliseconds(idleMs));
            }
        }

        return removed;
    }

    public int DropSilentClients() => lifecycle.DropSilentClients();

    /// <summary>Drops settled messages kept longer than their topic's replay window (<c>retain</c>); returns the bytes freed.</summary>
    public long ExpireRetained() => topics.ExpireRetained();

    /// <summary>Drops messages older than <see cref="BrokerOptions.MessageRetention"/>, consumed or not.</summary>
    public void EnforceRetention()
    {
        var cutoff = (time.GetUtcNow() - options.MessageRetention).ToUnixTimeMilliseconds();
        foreach (var queue in topics.AllQueues())
        {
            topics.TrimOlderThan(queue, cutoff);
        }
    }

    private void RemoveSubscriptions(BrokerQueue queue)
    {
        foreach (var group in groups.LiteGroupsOf(queue.Topic.Name))
        {
            subscriptions.RemoveLiteTopic(group, queue.LiteTopic!);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(5001, LogLevel.Information, "Lite topic {LiteTopic} of {ParentTopic} expired after {Idle} without writes; removed with its messages, offsets and subscriptions")]
        public static partial void LiteTopicExpired(ILogger logger, string liteTopic, string parentTopic, TimeSpan idle);
    }
}
