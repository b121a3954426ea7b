using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.RocketMQ;

/// <summary>The broker holds as many lite topics as its quota allows; sends that would create a new one fail (42901).</summary>
public class LiteTopicQuotaExceededException(string message, Code? statusCode = null, string? requestId = null, Exception? innerException = null)
    : RocketMQException(message, statusCode, requestId, innerException);
