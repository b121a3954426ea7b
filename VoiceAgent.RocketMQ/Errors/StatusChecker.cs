using VoiceAgent.Grpc;
using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.RocketMQ;

/// <summary>Turns the application-level <see cref="Status"/> of a response into a typed exception.</summary>
internal static class StatusChecker
{
    /// <summary>Throws unless <paramref name="status"/> is OK (or MESSAGE_NOT_FOUND on a receive).</summary>
    public static void Check(Status? status, string operation, string? requestId, bool isReceive = false)
    {
        if (status is null)
        {
            throw new InternalErrorException($"{operation}: the server set no status.", Code.InternalServerError, requestId);
        }

        var code = status.Code;
        if (code is Code.Ok or Code.MultipleResults || (isReceive && code == Code.MessageNotFound))
        {
            return;
        }

        throw ToException(code, $"{operation} failed: {status.Message}", requestId);
    }

    public static RocketMQException ToException(Code code, string message, string? requestId) => code switch
    {
        Code.IllegalLiteTopic => new IllegalLiteTopicException(message, code, requestId),
        Code.InvalidReceiptHandle => new InvalidReceiptHandleException(message, code, requestId),
        >= Code.BadRequest and <= Code.IllegalLiteTopic => new BadRequestException(message, code, requestId),
        Code.Unauthorized => new UnauthorizedException(message, code, requestId),
        Code.PaymentRequired => new PaymentRequiredException(message, code, requestId),
        Code.Forbidden => new ForbiddenException(message, code, requestId),
        Code.TopicNotFound => new TopicNotFoundException(message, code, requestId),
        Code.ConsumerGroupNotFound => new ConsumerGroupNotFoundException(message, code, requestId),
        Code.NotFound or Code.MessageNotFound or Code.OffsetNotFound => new NotFoundException(message, code, requestId),
        Code.PayloadTooLarge or Code.MessageBodyTooLarge => new PayloadTooLargeException(message, code, requestId),
        Code.MessageBodyEmpty => new PayloadEmptyException(message, code, requestId),
        Code.TooManyRequests => new TooManyRequestsException(message, code, requestId),
        Code.LiteTopicQuotaExceeded => new LiteTopicQuotaExceededException(message, code, requestId),
        Code.LiteSubscriptionQuotaExceeded => new LiteSubscriptionQuotaExceededException(message, code, requestId),
        Code.RequestHeaderFieldsTooLarge or Code.MessagePropertiesTooLarge => new RequestHeaderFieldsTooLargeException(message, code, requestId),
        Code.InternalError or Code.InternalServerError or Code.HaNotAvailable => new InternalErrorException(message, code, requestId),
        Code.ProxyTimeout or Code.MasterPersistenceTimeout or Code.SlavePersistenceTimeout or Code.RequestTimeout =>
            new ProxyTimeoutException(message, code, requestId),
        _ => new UnsupportedException(message, code, requestId),
    };

    /// <summary>Whether sending again (possibly elsewhere) may succeed.</summary>
    public static bool IsRetryable(Exception exception) => exception switch
    {
        // A request the server cannot take (too large, not implemented, not allowed, malformed) fails the same way again.
        RocketMQTransportException transport => transport.GrpcStatusCode is
            GrpcStatusCode.Unavailable or GrpcStatusCode.DeadlineExceeded or GrpcStatusCode.Internal or GrpcStatusCode.Unknown or GrpcStatusCode.Cancelled,
        TooManyRequestsException => true,
        InternalErrorException => true,
        ProxyTimeoutException => true,
        _ => false,
    };
}
