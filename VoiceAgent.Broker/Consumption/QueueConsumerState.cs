using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using VoiceAgent.Broker.Clients;
using VoiceAgent.Broker.Storage;

namespace VoiceAgent.Broker.Consumption;

/// <summary>
/// One consumer group's read position on one queue, in RocketMQ's POP style: a committed offset, the
/// deliveries in flight with their invisible time, redeliveries, and (ordered consumption) one lane per
/// message group that blocks while a delivery of it is in flight. Every member must be called with the
/// queue's <see cref="BrokerQueue.Gate"/> held.
/// </summary>
internal sealed class QueueConsumerState
{
    private readonly OffsetWindow _window;
    private readonly Dictionary<long, InflightEntry> _inflight = [];

    // Created on first use: a concurrent state never needs lanes, an ordered one never needs the retry queue.
    private Queue<long>? _retry;
    private Dictionary<string, Lane>? _lanes;
    private Queue<Lane>? _readyLanes;
    private long _scanned;

    public QueueConsumerState(BrokerQueue queue, ConsumerGroup group, bool ordered, long startOffset)
    {
        Queue = queue;
        Group = group;
        Ordered = ordered;
        _window = new OffsetWindow(startOffset);
        _scanned = startOffset;
    }

    public BrokerQueue Queue { get; }

    public ConsumerGroup Group { get; }

    /// <summary>Message groups (or the whole lite topic) are delivered one in-flight batch at a time.</summary>
    public bool Ordered { get; }

    /// <summary>The group's consumer of a (non-lite) topic, whose long polls an arrival wakes; null for a lite topic (its consumers are woken per client).</summary>
    public TopicConsumer? Consumer { get; init; }

    /// <summary>Set when the queue was removed or the offset reset: its deliveries are void.</summary>
    public bool Detached { get; private set; }

    /// <summary>Every offset below this one is settled.</summary>
    public long Committed => _window.Start;

    /// <summary>When this group last received from (or settled on) this queue; 0 when it never did.</summary>
    public long LastActiveMs { get; private set; }

    /// <summary>Deliveries waiting for ack or for their invisible time to pass.</summary>
    public int InvisibleCount { get; private set; }

    /// <summary>Messages stored and not yet settled by this group.</summary>
    public long Backlog => Math.Max(0, Queue.Log.NextOffset - _window.Start - _window.SettledCount);

    /// <summary>
    /// Whether a pop now would hand out something. Not a pure query: an ordered state first sorts the messages stored
    /// since its last look into their lanes (as a pop would).
    /// </summary>
    public bool AdmitNewAndCheckDeliverable()
    {
        if (Detached)
        {
            return false;
        }

        if (Ordered)
        {
            AdmitNew();
            return _readyLanes?.Count > 0;
        }

        return _retry?.Count > 0 || _scanned < Queue.Log.NextOffset;
    }

    /// <summary>Takes up to <paramref name="max"/> messages, adding them to <paramref name="output"/>; returns how many.</summary>
    public int Pop(int max, in DeliveryOptions options, List<Delivery> output)
    {
        LastActiveMs = options.NowMs;
        if (Detached || max <= 0)
        {
            return 0;
        }

        return Ordered ? PopOrdered(max, options, output) : PopConcurrent(max, options, output);
    }

    /// <summary>Whether the delivery <paramref name="token"/> of <paramref name="offset"/> is still the one in flight.</summary>
    public bool IsInFlight(long offset, long token)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_inflight, offset);
        return !Detached && !Unsafe.IsNullRef(ref entry) && entry.Token == token && !entry.Visible;
    }

    /// <summary>Whether this group settled <paramref name="offset"/> (acked, dead-lettered, filtered out, or skipped).</summary>
    public bool IsSettled(long offset) => offset < _window.Start || _window.IsSettled(offset);

    /// <summary>Settles the delivery <paramref name="token"/> of <paramref name="offset"/>; false when the handle is stale.</summary>
    public bool Ack(long offset, long token)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_inflight, offset);
        if (Detached || Unsafe.IsNullRef(ref entry) || entry.Token != token)
        {
            return false;
        }

        Settle(offset);
        return true;
    }

    /// <summary>Gives the delivery a new invisible time and token; false when the handle is stale or already expired.</summary>
    public bool ChangeInvisibleTime(long offset, long token, long invisibleUntilMs, bool keepAttempt, long newToken)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_inflight, offset);
        if (Detached || Unsafe.IsNullRef(ref entry) || entry.Token != token || entry.Visible)
        {
            return false;
        }

        entry.Token = newToken;
        entry.InvisibleUntilMs = invisibleUntilMs;
        entry.AutoRenew = false;
        entry.KeepAttempt = keepAttempt;
        return true;
    }

    /// <summary>Settles the delivery for dead-lettering; returns the message, or null when the handle is stale.</summary>
    public StoredMessage? TakeForDeadLetter(long offset, long token)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_inflight, offset);
        if (Detached || Unsafe.IsNullRef(ref entry) || entry.Token != token)
        {
            return null;
        }

        var message = Queue.Log.Get(offset);
        Settle(offset);
        return message;
    }

    /// <summary>Handles the passing of a delivery's invisible time.</summary>
    /// <param name="offset">The delivered offset.</param>
    /// <param name="token">The delivery the deadline was scheduled for.</param>
    /// <param name="nowMs">The current time.</param>
    /// <param name="renewal">Whether auto-renew may extend this delivery, and by how long.</param>
    /// <param name="deadLetter">The message when the outcome is <see cref="ExpiryOutcome.DeadLetter"/>.</param>
    /// <param name="renewedUntilMs">The new deadline when the outcome is <see cref="ExpiryOutcome.Renewed"/>.</param>
    public ExpiryOutcome Expire(long offset, long token, long nowMs, in RenewalPolicy renewal, out StoredMessage? deadLetter, out long renewedUntilMs)
    {
        deadLetter = null;
        renewedUntilMs = 0;
        ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_inflight, offset);
        if (Detached || Unsafe.IsNullRef(ref entry) || entry.Token != token || entry.Visible)
        {
            return ExpiryOutcome.Stale;
        }

        if (entry.InvisibleUntilMs > nowMs)
        {
            renewedUntilMs = entry.InvisibleUntilMs;
            return ExpiryOutcome.Renewed;
        }

        if (entry.AutoRenew && nowMs - entry.DeliveredMs < renewal.MaxRenewMs && renewal.MayRenew(entry.Owner, Queue))
        {
            entry.InvisibleUntilMs = nowMs + renewal.RenewMs;
            renewedUntilMs = entry.InvisibleUntilMs;
            return ExpiryOutcome.Renewed;
        }

        if (!entry.KeepAttempt && entry.Attempts >= Group.MaxDeliveryAttempts)
        {
            deadLetter = Queue.Log.Get(offset);
            Settle(offset);
            return deadLetter is null ? ExpiryOutcome.Stale : ExpiryOutcome.DeadLetter;
        }

        MakeVisible(offset, ref entry);
        return ExpiryOutcome.Redeliver;
    }

    /// <summary>Returns the deliveries of a response that never reached the client, without counting an attempt.</summary>
    public bool Release(long offset, long token)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_inflight, offset);
        if (Detached || Unsafe.IsNullRef(ref entry) || entry.Token != token || entry.Visible)
        {
            return false;
        }

        entry.KeepAttempt = true;
        MakeVisible(offset, ref entry);
        return true;
    }

    /// <summary>
    /// Makes the deliveries <paramref name="owner"/> holds visible again; returns how many. <paramref name="autoRenewOnly"/>
    /// leaves the ones with an explicit invisible time alone (a client that went away); <paramref name="keepAttempt"/>
    /// does not count the next delivery as a new attempt (the owner lost the lite topic, it did not fail).
    /// </summary>
    public int ReleaseOwner(ClientSession owner, bool autoRenewOnly = true, bool keepAttempt = false)
    {
        List<long>? offsets = null;
        foreach (var (offset, entry) in _inflight)
        {
            if (ReferenceEquals(entry.Owner, owner) && (entry.AutoRenew || !autoRenewOnly) && !entry.Visible)
            {
                (offsets ??= []).Add(offset);
            }
        }

        if (offsets is null)
        {
            return 0;
        }

        foreach (var offset in offsets)
        {
            ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_inflight, offset);
            entry.KeepAttempt |= keepAttempt;
            MakeVisible(offset, ref entry);
        }

        return offsets.Count;
    }

    /// <summary>Who holds the delivery <paramref name="token"/> of <paramref name="offset"/>; null when the handle is stale.</summary>
    public ClientSession? OwnerOf(long offset, long token)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_inflight, offset);
        return Detached || Unsafe.IsNullRef(ref entry) || entry.Token != token || entry.Visible ? null : entry.Owner;
    }

    /// <summary>Moves the read position (lite offset options): forgets deliveries and FIFO blocks.</summary>
    public void Reset(long offset)
    {
        DisownAll();
        _inflight.Clear();
        _retry = null;
        _lanes = null;
        _readyLanes = null;
        InvisibleCount = 0;
        _window.Reset(offset);
        _scanned = offset;
    }

    /// <summary>Treats every offset below <paramref name="offset"/> as settled (retention dropped them).</summary>
    public void SkipTo(long offset)
    {
        if (offset <= _window.Start)
        {
            return;
        }

        List<long>? dropped = null;
        foreach (var key in _inflight.Keys)
        {
            if (key < offset)
            {
                (dropped ??= []).Add(key);
            }
        }

        if (dropped is not null)
        {
            foreach (var key in dropped)
            {
                Settle(key);
            }
        }

        while (_window.Start < offset && _window.Count > 0)
        {
            _window.Mark(_window.Start);
        }

        if (_window.Start < offset)
        {
            _window.Reset(offset);
        }

        _scanned = Math.Max(_scanned, offset);
    }

    /// <summary>The queue is gone or the offset was reset: nothing of this state may be delivered or acked again.</summary>
    public void Detach()
    {
        Detached = true;
        DisownAll();
        _inflight.Clear();
        _retry = null;
        _lanes = null;
        _readyLanes = null;
        InvisibleCount = 0;
    }

    private int PopConcurrent(int max, in DeliveryOptions options, List<Delivery> output)
    {
        var taken = 0;
        while (taken < max && _retry is not null && _retry.TryDequeue(out var offset))
        {
            ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_inflight, offset);
            if (!Unsafe.IsNullRef(ref entry) && entry.Visible && TryDeliver(offset, options, output))
            {
                taken++;
            }
        }

        var log = Queue.Log;
        while (taken < max && _scanned < log.NextOffset)
        {
            var offset = _scanned++;
            _window.Extend();
            if (TryDeliver(offset, options, output))
            {
                taken++;
            }
        }

        return taken;
    }

    private int PopOrdered(int max, in DeliveryOptions options, List<Delivery> output)
    {
        AdmitNew();
        var taken = 0;
        while (taken < max && _readyLanes is not null && _readyLanes.TryDequeue(out var lane))
        {
            lane.Queued = false;
            if (lane.InFlight > 0)
            {
                continue;
            }

            while (taken < max && lane.Pending.TryPeekFront(out var offset))
            {
                lane.Pending.PopFront();
                if (TryDeliver(offset, options, output, lane))
                {
                    lane.InFlight++;
                    taken++;
                }
            }

            ForgetIfIdle(lane);
        }

        return taken;
    }

    /// <summary>Sorts newly stored messages into their lanes.</summary>
    private void AdmitNew()
    {
        var log = Queue.Log;
        while (_scanned < log.NextOffset)
        {
            var offset = _scanned++;
            _window.Extend();
            var message = log.Get(offset);
            if (message is null)
            {
                _window.Mark(offset);
                continue;
            }

            var key = message.LaneKey ?? string.Empty;
            _lanes ??= new Dictionary<string, Lane>(StringComparer.Ordinal);
            if (!_lanes.TryGetValue(key, out var lane))
            {
                lane = new Lane(key);
                _lanes.Add(key, lane);
            }

            lane.Pending.PushBack(offset);
            QueueIfReady(lane);
        }
    }

    private bool TryDeliver(long offset, in DeliveryOptions options, List<Delivery> output, Lane? lane = null)
    {
        if (_window.IsSettled(offset))
        {
            return false;
        }

        var message = Queue.Log.Get(offset);
        if (message is null)
        {
            Settle(offset);
            return false;
        }

        if (!options.Filter.Matches(message.Template.SystemProperties.Tag) && !_inflight.ContainsKey(offset))
        {
            // Not for this group's subscription: settled without delivery.
            _window.Mark(offset);
            return false;
        }

        ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(_inflight, offset, out _);
        if (!entry.KeepAttempt)
        {
            entry.Attempts++;
        }

        entry.KeepAttempt = false;
        entry.Visible = false;
        entry.Token = options.Tokens.Next();
        entry.DeliveredMs = options.NowMs;
        entry.InvisibleUntilMs = options.NowMs + options.InvisibleMs;
        entry.Owner = options.Owner;
        options.Owner?.AddInFlight(this);
        entry.AutoRenew = options.AutoRenew;
        entry.Lane = lane;
        InvisibleCount++;
        output.Add(new Delivery(this, message, entry.Token, entry.Attempts, entry.InvisibleUntilMs));
        return true;
    }

    private void MakeVisible(long offset, ref InflightEntry entry)
    {
        entry.Visible = true;
        Disown(ref entry);
        InvisibleCount--;
        if (entry.Lane is { } lane)
        {
            lane.InFlight--;
            lane.Pending.InsertSorted(offset);
            QueueIfReady(lane);
        }
        else
        {
            (_retry ??= new Queue<long>()).Enqueue(offset);
        }
    }

    private void Settle(long offset)
    {
        if (_inflight.Remove(offset, out var entry) && !entry.Visible)
        {
            Disown(ref entry);
            InvisibleCount--;
            if (entry.Lane is { } lane)
            {
                lane.InFlight--;
                QueueIfReady(lane);
                ForgetIfIdle(lane);
            }
        }

        _window.Mark(offset);
    }

    /// <summary>The delivery is no longer in flight to its owner: the owner stops tracking this state for it.</summary>
    private void Disown(ref InflightEntry entry)
    {
        entry.Owner?.RemoveInFlight(this);
        entry.Owner = null;
    }

    private void DisownAll()
    {
        foreach (var offset in _inflight.Keys)
        {
            ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_inflight, offset);
            if (!entry.Visible)
            {
                Disown(ref entry);
            }
        }
    }

    private void QueueIfReady(Lane lane)
    {
        if (lane.InFlight == 0 && lane.Pending.Count > 0 && !lane.Queued)
        {
            lane.Queued = true;
            (_readyLanes ??= new Queue<Lane>()).Enqueue(lane);
        }
    }

    private void ForgetIfIdle(Lane lane)
    {
        if (lane.InFlight == 0 && lane.Pending.Count == 0 && !lane.Queued)
        {
            _lanes?.Remove(lane.Key);
        }
    }
}
