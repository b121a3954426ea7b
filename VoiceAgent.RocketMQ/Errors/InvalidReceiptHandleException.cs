using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.RocketMQ;

/// <summary>The receipt handle is no longer valid, typically because the message's invisible time expired (40013).</summary>
public class InvalidReceiptHandleException(string message, Code? statusCode = null, string? requestId = null, Exception? innerException = null)
    : BadRequestException(message, statusCode, requestId, innerException);
