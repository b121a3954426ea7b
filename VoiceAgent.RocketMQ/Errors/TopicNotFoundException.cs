using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.RocketMQ;

/// <summary>The topic does not exist (40402).</summary>
public class TopicNotFoundException(string message, Code? statusCode = null, string? requestId = null, Exception? innerException = null)
    : NotFoundException(message, statusCode, requestId, innerException);
