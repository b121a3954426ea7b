namespace VoiceAgent.RocketMQ;

/// <summary>
/// Consumes every message of a batch concurrently (bounded by the consumer's concurrency). Plain push
/// consumers settle by server retry; lite consumers of a non-FIFO group retry locally.
/// </summary>
internal sealed class StandardConsumeService(ConsumeInvoker invoker, Func<RetryPolicy> retryPolicy, bool isLite)
    : ConsumeService(invoker, retryPolicy, isLite)
{
    private readonly bool _localRetry = isLite;

    public override void Consume(IProcessQueue queue, IReadOnlyList<MessageView> messages)
    {
        foreach (var message in messages)
        {
            Running.Track(_localRetry
                ? ConsumeWithLocalRetryAsync(queue, message, corruptedToDeadLetter: false)
                : ConsumeWithServerRetryAsync(queue, message));
        }
    }
}
