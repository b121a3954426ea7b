using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.RocketMQ;

/// <summary>The message body or the request is larger than the server accepts (413xx).</summary>
public class PayloadTooLargeException(string message, Code? statusCode = null, string? requestId = null, Exception? innerException = null)
    : RocketMQException(message, statusCode, requestId, innerException);
