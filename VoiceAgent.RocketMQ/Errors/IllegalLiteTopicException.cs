using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.RocketMQ;

/// <summary>The lite topic name is blank, too long or has characters RocketMQ does not allow (40020).</summary>
public class IllegalLiteTopicException(string message, Code? statusCode = null, string? requestId = null, Exception? innerException = null)
    : BadRequestException(message, statusCode, requestId, innerException);
