using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.RocketMQ;

/// <summary>
/// A RocketMQ operation failed. <see cref="StatusCode"/> is the server's status code when the server
/// answered with one; subclasses name the kind of failure.
/// </summary>
public class RocketMQException : Exception
{
    public RocketMQException(string message, Code? statusCode = null, string? requestId = null, Exception? innerException = null)
        : base(Describe(message, statusCode, requestId), innerException)
    {
        StatusCode = statusCode;
        RequestId = requestId;
    }

    /// <summary>The server's status code, or null for failures found on the client side or in transport.</summary>
    public Code? StatusCode { get; }

    /// <summary>The <c>x-mq-request-id</c> of the failed request, for correlating with server logs.</summary>
    public string? RequestId { get; }

    private static string Describe(string message, Code? statusCode, string? requestId)
    {
        if (statusCode is null)
        {
            return message;
        }

        var detail = requestId is null ? $"code {(int)statusCode} {statusCode}" : $"code {(int)statusCode} {statusCode}, request {requestId}";
        return $"{message} ({detail})";
    }
}
