using VoiceAgent.Broker.Clients;
using VoiceAgent.Broker.Storage;

namespace VoiceAgent.Broker.Consumption;

/// <summary>A validated receive: who asks, from where, how much, and how long it may wait.</summary>
internal sealed record ReceiveRequest(
    ClientSession Client,
    ConsumerGroup Group,
    Topic Topic,
    int QueueId,
    int BatchSize,
    long InvisibleMs,
    bool AutoRenew,
    TimeSpan PollTimeout,
    string? AttemptId,
    TagFilter? Filter = null)
{
    /// <summary>Lite consumers receive from the lite topics they subscribed, not from the parent's queues.</summary>
    public bool Lite => Group.IsLite;
}
