namespace VoiceAgent.RocketMQ;

/// <summary>A push consumer's handler: consume one message and say how it went. Exceptions count as failure.</summary>
public delegate ValueTask<ConsumeResult> MessageHandler(MessageView message, CancellationToken cancellationToken);
