namespace VoiceAgent.Broker.Consumption;

/// <summary>
/// The messages of one message group (or of one lite topic) for one consumer group: nothing of a lane is
/// delivered while an earlier delivery of it is still in flight.
/// </summary>
internal sealed class Lane(string key)
{
    public string Key { get; } = key;

    /// <summary>Offsets waiting to be delivered, ascending.</summary>
    public OffsetDeque Pending { get; } = new();

    /// <summary>Deliveries not yet settled nor expired; the lane is blocked while this is above zero.</summary>
    public int InFlight { get; set; }

    /// <summary>Whether the lane sits in its state's ready queue.</summary>
    public bool Queued { get; set; }
}
