using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.RocketMQ;

/// <summary>This client already subscribes as many lite topics as its quota allows (42902); checked locally before asking the server.</summary>
public class LiteSubscriptionQuotaExceededException(string message, Code? statusCode = null, string? requestId = null, Exception? innerException = null)
    : RocketMQException(message, statusCode, requestId, innerException);
