using System.Collections.Concurrent;
using VoiceAgent.Broker.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using VoiceAgent.Broker.Diagnostics;

namespace VoiceAgent.Broker.Storage;

/// <summary>
/// Every topic, queue and lite topic of the broker, and the byte accounting of what they hold.
/// Thread-safe; a queue's contents are guarded by its own <see cref="BrokerQueue.Gate"/>.
/// </summary>
/// <remarks>
/// Retained messages (settled, kept for a topic's replay window) give way first: a byte limit that would
/// refuse a message releases retained bytes, oldest first, before it refuses anything.
/// </remarks>
internal sealed partial class TopicStore
{
    private readonly BrokerOptions _options;
    private readonly TimeProvider _time;
    private readonly BrokerMetrics _metrics;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Topic> _topics = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, BrokerQueue> _queuesById = new();
    private readonly ConcurrentDictionary<BrokerQueue, byte> _retaining = new();
    private readonly Lock _liteGate = new();
    private long _nextQueueId;
    private int _liteTopicCount;

    public TopicStore(BrokerOptions options, TimeProvider time, BrokerMetrics metrics, ILogger<TopicStore>? logger = null)
    {
        _logger = logger ?? NullLogger<TopicStore>.Instance;
        _options = options;
        _time = time;
        _metrics = metrics;
        Budget = new MemoryBudget(options.MaxTotalBytes);
        foreach (var spec in options.Topics)
        {
            var definition = TopicDefinition.Parse(spec);
            if (!_topics.TryAdd(definition.Name, CreateTopic(definition, isDeadLetter: false)))
            {
                throw new FormatException($"Topic '{definition.Name}' is declared twice.");
            }
        }
    }

    public MemoryBudget Budget { get; }

    public int LiteTopicCount => Volatile.Read(ref _liteTopicCount);

    public ICollection<Topic> Topics => _topics.Values;

    /// <summary>Queues that hold retained messages now.</summary>
    public int RetainingQueueCount => _retaining.Count;

    private long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>The topic, created as NORMAL when unknown and <see cref="BrokerOptions.AutoCreateTopics"/> is on.</summary>
    public Topic? Find(string name)
    {
        if (_topics.TryGetValue(name, out var topic))
        {
            return topic;
        }

        if (!_options.AutoCreateTopics || !NameRules.IsValidResourceName(name) || name.StartsWith(NameRules.DeadLetterPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        return _topics.GetOrAdd(name, static (n, store) => store.CreateTopic(new TopicDefinition(n, TopicType.Normal), isDeadLetter: false), this);
    }

    /// <summary>Declares a topic at runtime (admin API); false when the name is taken.</summary>
    public bool TryAdd(TopicDefinition definition) => _topics.TryAdd(definition.Name, CreateTopic(definition, isDeadLetter: false));

    /// <summary>The dead-letter topic <c>%DLQ%group</c>, a NORMAL topic with one queue.</summary>
    public Topic GetOrCreateDeadLetterTopic(string group) =>
        _topics.GetOrAdd(
            NameRules.DeadLetterPrefix + group,
            static (name, store) => store.CreateTopic(new TopicDefinition(name, TopicType.Normal, Queues: 1), isDeadLetter: true),
            this);

    public BrokerQueue? FindQueue(long id) => _queuesById.TryGetValue(id, out var queue) ? queue : null;

    /// <summary>The lite topic <paramref name="name"/> of <paramref name="parent"/>, or null when it does not exist.</summary>
    public BrokerQueue? FindLiteTopic(Topic parent, string name) =>
        parent.LiteTopics.TryGetValue(name, out var queue) && !queue.Removed ? queue : null;

    /// <summary>The lite topic, created on first use; null when creating it would pass the broker's lite topic quota.</summary>
    public BrokerQueue? GetOrCreateLiteTopic(Topic parent, string name)
    {
        var existing = FindLiteTopic(parent, name);
        if (existing is not null)
        {
            return existing;
        }

        lock (_liteGate)
        {
            existing = FindLiteTopic(parent, name);
            if (existing is not null)
            {
                return existing;
            }

            if (_liteTopicCount >= _options.MaxLiteTopics)
            {
                return null;
            }

            var queue = NewQueue(parent, 0, name);
            parent.LiteTopics[name] = queue;
            _liteTopicCount++;
            _metrics.LiteTopicCreated(parent.Name);
            return queue;
        }
    }

    /// <summary>
    /// Stores <paramref name="message"/> at the tail of <paramref name="queue"/>. With <paramref name="admission"/>
    /// <see cref="Admission.Checked"/> the byte limits apply (after releasing retained bytes); <see cref="Admission.Reserved"/>
    /// means the bytes were reserved earlier (delayed messages); <see cref="Admission.Forced"/> stores regardless (dead letters).
    /// </summary>
    public AppendStatus Append(BrokerQueue queue, StoredMessage message, Admission admission = Admission.Checked)
    {
        for (var attempt = 0; ; attempt++)
        {
            var status = TryAppend(queue, message, admission);
            if (status != AppendStatus.BrokerFull || attempt == 3 || ReleaseRetained(message.Size) == 0)
            {
                return status;
            }
        }
    }

    /// <summary>
    /// Stores every message of <paramref name="items"/> or none: the queues involved are locked together (in id order), each
    /// must have room for its share and the broker for the total. Byte limits apply as in <see cref="Append"/>.
    /// </summary>
    public AppendStatus AppendAll(IReadOnlyList<(BrokerQueue Queue, StoredMessage Message)> items)
    {
        long total = 0;
        foreach (var item in items)
        {
            total += item.Message.Size;
        }

        for (var attempt = 0; ; attempt++)
        {
            var status = TryAppendAll(items, total);
            if (status != AppendStatus.BrokerFull || attempt == 3 || ReleaseRetained(total) == 0)
            {
                return status;
            }
        }
    }

    /// <summary>Reserves broker bytes for a message stored later (delayed), releasing retained bytes when needed.</summary>
    public bool TryReserve(long bytes) => Budget.TryReserve(bytes) || (ReleaseRetained(bytes) > 0 && Budget.TryReserve(bytes));

    /// <summary>Drops retained messages anywhere in the broker until <paramref name="bytes"/> are freed; returns the bytes freed.</summary>
    public long ReleaseRetained(long bytes)
    {
        long freed = 0;
        foreach (var queue in _retaining.Keys)
        {
            lock (queue.Gate)
            {
                var dropped = queue.Log.DropRetained(long.MaxValue, bytes - freed);
                Budget.Release(dropped);
                freed += dropped;
                TrackRetained(queue);
            }

            if (freed >= bytes)
            {
                break;
            }
        }

        return freed;
    }

    /// <summary>Drops retained messages whose replay window has passed; returns the bytes freed.</summary>
    public long ExpireRetained()
    {
        var now = NowMs;
        long freed = 0;
        foreach (var queue in _retaining.Keys)
        {
            lock (queue.Gate)
            {
                var dropped = queue.Log.DropRetained(now - queue.Topic.RetainMs, long.MaxValue);
                Budget.Release(dropped);
                freed += dropped;
                TrackRetained(queue);
            }
        }

        return freed;
    }

    /// <summary>
    /// Drops what every group has settled, or on a topic with a replay window marks it retained and drops what
    /// was settled longer ago than the window (an offset moved back un-retains). Call with <see cref="BrokerQueue.Gate"/> held.
    /// </summary>
    public void TrimSettled(BrokerQueue queue)
    {
        if (queue.Consumers.Count == 0)
        {
            return;
        }

        var lowest = queue.LowestCommittedOffset();
        var log = queue.Log;
        var retainMs = queue.Topic.RetainMs;
        if (retainMs <= 0)
        {
            if (lowest > log.MinOffset)
            {
                Budget.Release(log.TrimTo(lowest));
            }

            return;
        }

        var now = NowMs;
        log.MarkSettled(lowest, now);
        Budget.Release(log.DropRetained(now - retainMs, long.MaxValue));
        TrackRetained(queue);
    }

    /// <summary>
    /// Frees <paramref name="offset"/> ahead of the head when every group reading the queue has settled it, so that one
    /// unsettled message (a stuck FIFO message group) holds back only its own bytes. Queues with a replay window and lite
    /// topics keep their messages until the head passes them. Call with <see cref="BrokerQueue.Gate"/> held.
    /// </summary>
    public void FreeSettled(BrokerQueue queue, long offset)
    {
        if (queue.LiteTopic is not null || queue.Topic.RetainMs > 0 || offset < queue.Log.MinOffset)
        {
            return;
        }

        foreach (var state in queue.Consumers)
        {
            if (!state.IsSettled(offset))
            {
                return;
            }
        }

        Budget.Release(queue.Log.Free(offset));
    }

    /// <summary>Drops messages older than <paramref name="cutoffMs"/> whether or not they were consumed.</summary>
    public void TrimOlderThan(BrokerQueue queue, long cutoffMs)
    {
        lock (queue.Gate)
        {
            var log = queue.Log;
            var offset = log.MinOffset;
            while (offset < log.NextOffset && (log.Get(offset) is not { } message || message.StoreTimeMs < cutoffMs))
            {
                offset++;
            }

            if (offset > log.MinOffset)
            {
                Budget.Release(log.TrimTo(offset));
                TrackRetained(queue);
                foreach (var state in queue.Consumers)
                {
                    state.SkipTo(offset);
                }
            }
        }
    }

    /// <summary>
    /// Removes a lite topic that had no write since <paramref name="idleSinceMs"/> with its messages and consumer offsets;
    /// false when it was written meanwhile (checked under the lock that appends take, so a stored message is never
    /// removed after its producer was told it was stored) or already removed. <paramref name="whileUnpublished"/> runs
    /// while no other lite topic of that name can be created (subscription cleanup).
    /// </summary>
    public bool RemoveLiteTopic(BrokerQueue queue, long idleSinceMs, Action<BrokerQueue>? whileUnpublished = null)
    {
        lock (queue.Gate)
        {
            if (queue.Removed || queue.LastWriteMs > idleSinceMs)
            {
                return false;
            }

            queue.Removed = true;
            Budget.Release(queue.Log.Clear());
            TrackRetained(queue);
            foreach (var state in queue.Consumers)
            {
                state.Detach();
            }

            queue.Consumers.Clear();
        }

        lock (_liteGate)
        {
            queue.Topic.LiteTopics.TryRemove(new KeyValuePair<string, BrokerQueue>(queue.LiteTopic!, queue));
            _liteTopicCount--;
            whileUnpublished?.Invoke(queue);
        }

        _queuesById.TryRemove(queue.Id, out _);
        _metrics.LiteTopicExpired(queue.Topic.Name);
        return true;
    }

    /// <summary>Every queue of every topic, lite topics included.</summary>
    public IEnumerable<BrokerQueue> AllQueues() => _queuesById.Values;

    private AppendStatus TryAppend(BrokerQueue queue, StoredMessage message, Admission admission)
    {
        lock (queue.Gate)
        {
            if (queue.Removed)
            {
                if (admission == Admission.Reserved)
                {
                    Budget.Release(message.Size);
                }

                return AppendStatus.Removed;
            }

            if (admission == Admission.Checked)
            {
                if (!MakeRoom(queue, message.Size))
                {
                    return AppendStatus.QueueFull;
                }

                if (!Budget.TryReserve(message.Size))
                {
                    return AppendStatus.BrokerFull;
                }
            }
            else if (admission == Admission.Forced)
            {
                Budget.Add(message.Size);
            }

            queue.Log.Append(message);
            queue.LastWriteMs = message.StoreTimeMs;
            return AppendStatus.Stored;
        }
    }

    private AppendStatus TryAppendAll(IReadOnlyList<(BrokerQueue Queue, StoredMessage Message)> items, long total)
    {
        var queues = items.Select(item => item.Queue).Distinct().OrderBy(queue => queue.Id).ToArray();
        var locked = 0;
        try
        {
            foreach (var queue in queues)
            {
                queue.Gate.Enter();
                locked++;
            }

            foreach (var queue in queues)
            {
                if (queue.Removed)
                {
                    return AppendStatus.Removed;
                }

                long share = 0;
                foreach (var item in items)
                {
                    share += ReferenceEquals(item.Queue, queue) ? item.Message.Size : 0;
                }

                if (!MakeRoom(queue, share))
                {
                    return AppendStatus.QueueFull;
                }
            }

            if (!Budget.TryReserve(total))
            {
                return AppendStatus.BrokerFull;
            }

            foreach (var (queue, message) in items)
            {
                queue.Log.Append(message);
                queue.LastWriteMs = message.StoreTimeMs;
            }

            return AppendStatus.Stored;
        }
        finally
        {
            for (var i = locked - 1; i >= 0; i--)
            {
                queues[i].Gate.Exit();
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="bytes"/> more fit under the queue's limit, counting what some group has not settled; retained
    /// bytes give way, and so do inactive groups. Call with the queue's gate held.
    /// </summary>
    private bool MakeRoom(BrokerQueue queue, long bytes)
    {
        var log = queue.Log;
        var wanted = log.Bytes - log.RetainedBytes + queue.DelayedBytes + bytes;
        if (wanted > _options.MaxQueueBytes
            && (log.UnsettledCount > 0 || queue.DelayedBytes > 0)
            && !SkipForInactiveGroups(queue, wanted - _options.MaxQueueBytes))
        {
            return false;
        }

        if (log.Bytes + bytes > _options.MaxQueueBytes)
        {
            Budget.Release(log.DropRetained(long.MaxValue, log.Bytes + bytes - _options.MaxQueueBytes));
            TrackRetained(queue);
        }

        return true;
    }

    /// <summary>
    /// The queue is full: groups that have not received from it for <see cref="BrokerOptions.InactiveGroupTimeout"/> (an
    /// abandoned group, a consumer that announced a subscription and never polled) lose its oldest messages they have not
    /// settled, enough to free <paramref name="needed"/> bytes if that is what holds the queue back. Active groups keep
    /// theirs (their lag is back-pressure). Returns whether the bytes are free now. Call with the queue's gate held.
    /// </summary>
    private bool SkipForInactiveGroups(BrokerQueue queue, long needed)
    {
        if (queue.LiteTopic is not null)
        {
            return false;
        }

        var log = queue.Log;
        var inactiveBefore = NowMs - (long)_options.InactiveGroupTimeout.TotalMilliseconds;
        var target = log.MinOffset;
        for (long counted = 0; counted < needed && target < log.NextOffset; target++)
        {
            counted += log.Get(target)?.Size ?? 0;
        }

        var skippedAny = false;
        foreach (var state in queue.Consumers)
        {
            if (state.LastActiveMs <= inactiveBefore && state.Committed < target)
            {
                var skipped = state.Backlog;
                state.SkipTo(target);
                skipped -= state.Backlog;
                skippedAny = true;
                _metrics.MessagesSkipped(queue.Topic.Name, state.Group.Name, skipped);
                Log.SkippedForInactiveGroup(_logger, skipped, queue.DisplayName, state.Group.Name, _options.InactiveGroupTimeout);
            }
        }

        if (!skippedAny)
        {
            return false;
        }

        var before = log.Bytes;
        TrimSettled(queue);
        return before - log.Bytes >= needed;
    }

    /// <summary>Keeps the set of queues holding retained messages current. Call with the queue's gate held.</summary>
    private void TrackRetained(BrokerQueue queue)
    {
        if (queue.Log.RetainedBytes > 0)
        {
            _retaining.TryAdd(queue, 0);
        }
        else
        {
            _retaining.TryRemove(queue, out _);
        }
    }

    private Topic CreateTopic(TopicDefinition definition, bool isDeadLetter) =>
        new(definition, definition.Queues ?? _options.QueuesPerTopic, (topic, id) => NewQueue(topic, id, null), isDeadLetter);

    private BrokerQueue NewQueue(Topic topic, int queueId, string? liteTopic)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var queue = new BrokerQueue(Interlocked.Increment(ref _nextQueueId), topic, queueId, liteTopic)
        {
            CreatedMs = now,
            LastWriteMs = now,
        };
        _queuesById[queue.Id] = queue;
        return queue;
    }
}
