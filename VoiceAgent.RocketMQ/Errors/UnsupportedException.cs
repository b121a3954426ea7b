using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.RocketMQ;

/// <summary>The server does not support the request, or answered with a status code this client does not know.</summary>
public class UnsupportedException(string message, Code? statusCode = null, string? requestId = null, Exception? innerException = null)
    : RocketMQException(message, statusCode, requestId, innerException);
