using VoiceAgent.Broker.Consumption;

namespace VoiceAgent.Broker.Clients;

/// <summary>A receive's attempt id and the deliveries it produced.</summary>
internal sealed record ReceiveAttempt(string AttemptId, Delivery[] Deliveries);
