using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.Broker.Storage;

/// <summary>
/// A message as kept in a queue: the wire message with every store-side system property already filled in,
/// so that a delivery only adds what differs per delivery (receipt handle, attempt, invisible time, offset).
/// </summary>
internal sealed class StoredMessage(Message template, int size, long storeTimeMs, string? laneKey)
{
    private DeliveryWireParts? _wireParts;

    /// <summary>The message as it is delivered, minus the per-delivery fields. Never changed once stored.</summary>
    public Message Template { get; } = template;

    /// <summary>Bytes counted against the queue and broker limits: body plus properties.</summary>
    public int Size { get; } = size;

    public long StoreTimeMs { get; } = storeTimeMs;

    /// <summary>The message group that orders it (FIFO topics); null when it is not ordered by group.</summary>
    public string? LaneKey { get; } = laneKey;

    public long Offset { get; set; }

    /// <summary>When every group reading its queue had settled it (0 while some group has not); starts its replay window.</summary>
    public long SettledAtMs { get; set; }

    public string MessageId => Template.SystemProperties.MessageId;

    /// <summary>What every delivery of it writes the same way, prepared on its first delivery and shared by the rest.</summary>
    public DeliveryWireParts WireParts => _wireParts ?? Interlocked.CompareExchange(ref _wireParts, new DeliveryWireParts(Template), null) ?? _wireParts!;
}
