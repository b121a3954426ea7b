using System.Collections.Concurrent;
using VoiceAgent.Broker.Clients;
using VoiceAgent.Broker.Configuration;
using VoiceAgent.Broker.Consumption;

namespace VoiceAgent.Broker.Lite;

/// <summary>
/// Which client of a lite group holds which lite topic. Subscriptions name lite topics, so they may come
/// before the first message creates the lite topic. Each lite group has its own lock for changes; the delivery
/// path reads without it: a lite topic's subscribers are a copy-on-write array, a client's subscriptions a
/// concurrent set (<see cref="ClientSession.LiteTopics"/>).
/// </summary>
/// <remarks>
/// Clients send their periodic COMPLETE_ADD without awaiting it, so it can overtake (or be overtaken by) a
/// PARTIAL_ADD or PARTIAL_REMOVE sent at the same time. A partial change younger than
/// <see cref="BrokerOptions.LiteSyncGracePeriod"/> therefore wins over a COMPLETE_ADD that disagrees with it.
/// </remarks>
internal sealed class LiteSubscriptionRegistry(BrokerOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<ConsumerGroup, GroupSubscriptions> _groups = new();
    private int _total;

    /// <summary>Active (client, lite topic) subscriptions in the broker.</summary>
    public int Count => Volatile.Read(ref _total);

    /// <summary>PARTIAL_ADD: adds <paramref name="liteTopics"/> to the client's set.</summary>
    public LiteSubscriptionResult Add(ClientSession client, ConsumerGroup group, IReadOnlyCollection<string> liteTopics)
    {
        var subscriptions = For(group);
        lock (subscriptions.Gate)
        {
            var fresh = 0;
            foreach (var name in liteTopics)
            {
                if (!client.LiteTopics.Contains(name))
                {
                    fresh++;
                }
            }

            if (client.LiteTopics.Count + fresh > group.LiteSubscriptionQuota)
            {
                return LiteSubscriptionResult.ClientQuota;
            }

            if (Count + fresh > options.MaxLiteSubscriptions)
            {
                return LiteSubscriptionResult.BrokerQuota;
            }

            var result = new LiteSubscriptionResult();
            foreach (var name in liteTopics)
            {
                if (group.SubscriptionModel == LiteSubscriptionModel.Exclusive)
                {
                    EvictOthers(subscriptions, client, name, result);
                }

                if (AddOne(subscriptions, client, name))
                {
                    result.Added.Add(name);
                }

                client.RecentLiteChanges[name] = (NowMs, true);
            }

            PruneRecentChanges(client);
            return result;
        }
    }

    /// <summary>PARTIAL_REMOVE: drops <paramref name="liteTopics"/> from the client's set.</summary>
    public LiteSubscriptionResult Remove(ClientSession client, ConsumerGroup group, IReadOnlyCollection<string> liteTopics)
    {
        var subscriptions = For(group);
        var result = new LiteSubscriptionResult();
        lock (subscriptions.Gate)
        {
            foreach (var name in liteTopics)
            {
                if (RemoveOne(subscriptions, client, name))
                {
                    result.Removed.Add(name);
                }

                client.RecentLiteChanges[name] = (NowMs, false);
            }

            PruneRecentChanges(client);
        }

        return result;
    }

    /// <summary>Forgets recent changes older than the sync grace period, so that they cannot pile up. Call under the group's lock.</summary>
    private void PruneRecentChanges(ClientSession client)
    {
        var recent = client.RecentLiteChanges;
        if (recent.Count < 64)
        {
            return;
        }

        var before = NowMs - (long)options.LiteSyncGracePeriod.TotalMilliseconds;
        foreach (var (name, change) in recent)
        {
            if (change.AtMs < before)
            {
                recent.Remove(name);
            }
        }
    }

    /// <summary>COMPLETE_ADD: makes the client's set exactly <paramref name="liteTopics"/>.</summary>
    public LiteSubscriptionResult Replace(ClientSession client, ConsumerGroup group, IReadOnlyCollection<string> liteTopics)
    {
        if (liteTopics.Count > group.LiteSubscriptionQuota + options.LiteSubscriptionQuotaBuffer)
        {
            return LiteSubscriptionResult.ClientQuota;
        }

        var wanted = liteTopics as HashSet<string> ?? new HashSet<string>(liteTopics, StringComparer.Ordinal);
        var subscriptions = For(group);
        lock (subscriptions.Gate)
        {
            var fresh = 0;
            foreach (var name in wanted)
            {
                if (!client.LiteTopics.Contains(name))
                {
                    fresh++;
                }
            }

            var dropping = client.LiteTopics.Count - (wanted.Count - fresh);
            if (Count + fresh - dropping > options.MaxLiteSubscriptions)
            {
                return LiteSubscriptionResult.BrokerQuota;
            }

            var result = new LiteSubscriptionResult();
            var recent = RecentChanges(client);
            foreach (var name in client.LiteTopics.Where(name => !wanted.Contains(name)).ToList())
            {
                if (!recent.TryGetValue(name, out var change) || !change.Added)
                {
                    RemoveOne(subscriptions, client, name);
                    result.Removed.Add(name);
                }
            }

            foreach (var name in wanted)
            {
                if (recent.TryGetValue(name, out var change) && !change.Added)
                {
                    continue;
                }

                // In an exclusive group a lite topic another client took stays with it; the reporter is told to drop it.
                if (group.SubscriptionModel == LiteSubscriptionModel.Exclusive && !client.LiteTopics.Contains(name) && HeldByOther(subscriptions, client, name))
                {
                    result.Evicted.Add((client, name));
                    continue;
                }

                if (AddOne(subscriptions, client, name))
                {
                    result.Added.Add(name);
                }
            }

            return result;
        }
    }

    /// <summary>COMPLETE_REMOVE: drops every subscription of the client.</summary>
    public LiteSubscriptionResult RemoveAll(ClientSession client, ConsumerGroup group)
    {
        var subscriptions = For(group);
        var result = new LiteSubscriptionResult();
        lock (subscriptions.Gate)
        {
            foreach (var name in client.LiteTopics.ToList())
            {
                RemoveOne(subscriptions, client, name);
                result.Removed.Add(name);
            }

            client.RecentLiteChanges.Clear();
        }

        return result;
    }

    /// <summary>
    /// An expired lite topic: the subscriptions of clients still alive are kept (unlike RocketMQ, which drops them
    /// silently), so that the next message of a quiet session reaches its gateway at once; those of gone clients are dropped.
    /// </summary>
    public void RemoveLiteTopic(ConsumerGroup group, string liteTopic)
    {
        var subscriptions = For(group);
        lock (subscriptions.Gate)
        {
            if (!subscriptions.Subscribers.TryGetValue(liteTopic, out var clients))
            {
                return;
            }

            foreach (var client in clients.Where(client => !client.IsAlive).ToList())
            {
                RemoveOne(subscriptions, client, liteTopic);
            }
        }
    }

    /// <summary>Whether <paramref name="client"/> subscribes <paramref name="liteTopic"/>; takes no lock.</summary>
    public static bool IsSubscribed(ClientSession client, string liteTopic) => client.LiteTopics.Contains(liteTopic);

    /// <summary>The subscribers of a lite topic in a group: a snapshot, read without a lock.</summary>
    public IReadOnlyList<ClientSession> Subscribers(ConsumerGroup group, string liteTopic) =>
        For(group).Subscribers.TryGetValue(liteTopic, out var clients) ? clients : [];

    /// <summary>A copy of the client's lite topics.</summary>
    public List<string> LiteTopicsOf(ClientSession client, ConsumerGroup group)
    {
        var subscriptions = For(group);
        lock (subscriptions.Gate)
        {
            return [.. client.LiteTopics];
        }
    }

    private long NowMs => time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>The client's partial changes still inside the grace period; older ones are forgotten.</summary>
    private Dictionary<string, (long AtMs, bool Added)> RecentChanges(ClientSession client)
    {
        var cutoff = NowMs - (long)options.LiteSyncGracePeriod.TotalMilliseconds;
        foreach (var (name, change) in client.RecentLiteChanges)
        {
            if (change.AtMs <= cutoff)
            {
                client.RecentLiteChanges.Remove(name);
            }
        }

        return client.RecentLiteChanges;
    }

    private GroupSubscriptions For(ConsumerGroup group) => _groups.GetOrAdd(group, static _ => new GroupSubscriptions());

    private bool AddOne(GroupSubscriptions subscriptions, ClientSession client, string name)
    {
        if (!client.LiteTopics.Add(name))
        {
            return false;
        }

        subscriptions.Subscribers[name] = subscriptions.Subscribers.TryGetValue(name, out var clients) ? [.. clients, client] : [client];
        Interlocked.Increment(ref _total);
        return true;
    }

    private bool RemoveOne(GroupSubscriptions subscriptions, ClientSession client, string name)
    {
        if (!client.LiteTopics.Remove(name))
        {
            return false;
        }

        if (subscriptions.Subscribers.TryGetValue(name, out var clients))
        {
            var rest = Array.FindAll(clients, other => !ReferenceEquals(other, client));
            if (rest.Length == 0)
            {
                subscriptions.Subscribers.TryRemove(name, out _);
            }
            else
            {
                subscriptions.Subscribers[name] = rest;
            }
        }

        Interlocked.Decrement(ref _total);
        return true;
    }

    private static bool HeldByOther(GroupSubscriptions subscriptions, ClientSession client, string name) =>
        subscriptions.Subscribers.TryGetValue(name, out var clients) && Array.Exists(clients, other => !ReferenceEquals(other, client));

    private void EvictOthers(GroupSubscriptions subscriptions, ClientSession client, string name, LiteSubscriptionResult result)
    {
        if (!subscriptions.Subscribers.TryGetValue(name, out var clients))
        {
            return;
        }

        foreach (var other in clients.Where(other => !ReferenceEquals(other, client)).ToList())
        {
            RemoveOne(subscriptions, other, name);
            result.Evicted.Add((other, name));
        }
    }

    private sealed class GroupSubscriptions
    {
        /// <summary>Serializes changes; readers of <see cref="Subscribers"/> and of clients' sets do not take it.</summary>
        public Lock Gate { get; } = new();

        /// <summary>Each lite topic's subscribers; an array is never changed once published, only replaced under <see cref="Gate"/>.</summary>
        public ConcurrentDictionary<string, ClientSession[]> Subscribers { get; } = new(StringComparer.Ordinal);
    }
}
