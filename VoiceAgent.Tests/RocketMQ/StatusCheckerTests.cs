using VoiceAgent.RocketMQ;
using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.Tests.RocketMQ;

public sealed class StatusCheckerTests
{
    [Theory]
    [InlineData(Code.IllegalTopic, typeof(BadRequestException))]
    [InlineData(Code.IllegalLiteTopic, typeof(IllegalLiteTopicException))]
    [InlineData(Code.InvalidReceiptHandle, typeof(InvalidReceiptHandleException))]
    [InlineData(Code.Unauthorized, typeof(UnauthorizedException))]
    [InlineData(Code.Forbidden, typeof(ForbiddenException))]
    [InlineData(Code.TopicNotFound, typeof(TopicNotFoundException))]
    [InlineData(Code.ConsumerGroupNotFound, typeof(ConsumerGroupNotFoundException))]
    [InlineData(Code.MessageNotFound, typeof(NotFoundException))]
    [InlineData(Code.MessageBodyTooLarge, typeof(PayloadTooLargeException))]
    [InlineData(Code.MessageBodyEmpty, typeof(PayloadEmptyException))]
    [InlineData(Code.TooManyRequests, typeof(TooManyRequestsException))]
    [InlineData(Code.LiteTopicQuotaExceeded, typeof(LiteTopicQuotaExceededException))]
    [InlineData(Code.LiteSubscriptionQuotaExceeded, typeof(LiteSubscriptionQuotaExceededException))]
    [InlineData(Code.MessagePropertiesTooLarge, typeof(RequestHeaderFieldsTooLargeException))]
    [InlineData(Code.InternalServerError, typeof(InternalErrorException))]
    [InlineData(Code.ProxyTimeout, typeof(ProxyTimeoutException))]
    [InlineData(Code.VersionUnsupported, typeof(UnsupportedException))]
    [InlineData(Code.FailedToConsumeMessage, typeof(UnsupportedException))]
    public void StatusCodesBecomeTypedExceptions(Code code, Type expected)
    {
        var error = Assert.ThrowsAny<RocketMQException>(() =>
            StatusChecker.Check(new Status { Code = code, Message = "details" }, "SendMessage", "req-1"));

        Assert.IsType(expected, error);
        Assert.Equal(code, error.StatusCode);
        Assert.Equal("req-1", error.RequestId);
        Assert.Contains("details", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OkPassesAndMessageNotFoundPassesOnlyForReceives()
    {
        StatusChecker.Check(new Status { Code = Code.Ok }, "x", null);
        StatusChecker.Check(new Status { Code = Code.MessageNotFound }, "ReceiveMessage", null, isReceive: true);
        Assert.Throws<NotFoundException>(() => StatusChecker.Check(new Status { Code = Code.MessageNotFound }, "AckMessage", null));
    }

    [Fact]
    public void AMissingStatusIsAnInternalError()
    {
        Assert.Throws<InternalErrorException>(() => StatusChecker.Check(null, "ReceiveMessage", null, isReceive: true));
    }

    [Fact]
    public void OnlyTransientFailuresAreRetryable()
    {
        Assert.True(StatusChecker.IsRetryable(new TooManyRequestsException("x")));
        Assert.True(StatusChecker.IsRetryable(new InternalErrorException("x")));
        Assert.True(StatusChecker.IsRetryable(new RocketMQTransportException("x", VoiceAgent.Grpc.GrpcStatusCode.Unavailable)));
        Assert.True(StatusChecker.IsRetryable(new RocketMQTransportException("x", VoiceAgent.Grpc.GrpcStatusCode.DeadlineExceeded)));
        Assert.False(StatusChecker.IsRetryable(new RocketMQTransportException("x", VoiceAgent.Grpc.GrpcStatusCode.ResourceExhausted)));
        Assert.False(StatusChecker.IsRetryable(new RocketMQTransportException("x", VoiceAgent.Grpc.GrpcStatusCode.Unimplemented)));
        Assert.False(StatusChecker.IsRetryable(new RocketMQTransportException("x", VoiceAgent.Grpc.GrpcStatusCode.PermissionDenied)));
        Assert.False(StatusChecker.IsRetryable(new RocketMQTransportException("x", VoiceAgent.Grpc.GrpcStatusCode.InvalidArgument)));
        Assert.False(StatusChecker.IsRetryable(new TopicNotFoundException("x")));
        Assert.False(StatusChecker.IsRetryable(new LiteTopicQuotaExceededException("x")));
        Assert.False(StatusChecker.IsRetryable(new UnauthorizedException("x")));
    }
}
