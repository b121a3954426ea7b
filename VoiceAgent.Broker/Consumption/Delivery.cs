using VoiceAgent.Broker.Storage;

namespace VoiceAgent.Broker.Consumption;

/// <summary>One message handed to a consumer by a pop.</summary>
internal readonly record struct Delivery(
    QueueConsumerState State,
    StoredMessage Message,
    long Token,
    int Attempt,
    long InvisibleUntilMs);
