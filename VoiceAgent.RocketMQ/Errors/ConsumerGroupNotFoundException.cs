using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.RocketMQ;

/// <summary>The consumer group does not exist (40403).</summary>
public class ConsumerGroupNotFoundException(string message, Code? statusCode = null, string? requestId = null, Exception? innerException = null)
    : NotFoundException(message, statusCode, requestId, innerException);
