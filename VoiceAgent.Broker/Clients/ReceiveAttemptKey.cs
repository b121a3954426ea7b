namespace VoiceAgent.Broker.Clients;

/// <summary>Where a receive's attempt id applies: one group reading one queue of a topic (-1: any queue, or lite topics).</summary>
internal readonly record struct ReceiveAttemptKey(long GroupId, string Topic, int QueueId);
