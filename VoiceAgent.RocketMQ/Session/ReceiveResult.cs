namespace VoiceAgent.RocketMQ;

/// <summary>The messages of one ReceiveMessage call (none when the long poll found nothing).</summary>
internal sealed record ReceiveResult(IReadOnlyList<MessageView> Messages, DateTimeOffset? DeliveredAt);
