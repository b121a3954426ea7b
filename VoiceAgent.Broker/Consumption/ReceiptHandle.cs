namespace VoiceAgent.Broker.Consumption;

/// <summary>What a receipt handle names: one delivery of one offset of one queue to one consumer group.</summary>
internal readonly record struct ReceiptHandle(long QueueId, int GroupId, long Offset, long Token);
