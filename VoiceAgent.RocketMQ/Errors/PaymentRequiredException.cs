using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.RocketMQ;

/// <summary>The account cannot use the service (40200).</summary>
public class PaymentRequiredException(string message, Code? statusCode = null, string? requestId = null, Exception? innerException = null)
    : RocketMQException(message, statusCode, requestId, innerException);
