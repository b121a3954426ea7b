using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.RocketMQ;

/// <summary>The server found nothing for the request (404xx).</summary>
public class NotFoundException(string message, Code? statusCode = null, string? requestId = null, Exception? innerException = null)
    : RocketMQException(message, statusCode, requestId, innerException);
