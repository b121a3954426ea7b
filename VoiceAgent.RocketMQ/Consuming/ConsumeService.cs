namespace VoiceAgent.RocketMQ;

/// <summary>
/// Hands received batches to the handler and settles each message by the result. Two ways of settling exist:
/// <list type="bullet">
/// <item>server retry (plain push consumers): success acks, failure makes the message invisible for the backoff
/// delay so the server redelivers it;</item>
/// <item>local retry (FIFO and lite consumers): failure consumes the same message again after the backoff delay,
/// up to the policy's attempts, then forwards it to the dead-letter queue; suspend (lite) hands it back to the
/// server without counting an attempt.</item>
/// </list>
/// </summary>
internal abstract class ConsumeService(ConsumeInvoker invoker, Func<RetryPolicy> retryPolicy, bool isLite)
{
    public TaskTracker Running { get; } = new();

    protected ConsumeInvoker Invoker { get; } = invoker;

    /// <summary>Starts consuming a batch; returns at once.</summary>
    public abstract void Consume(IProcessQueue queue, IReadOnlyList<MessageView> messages);

    /// <summary>Consumes once and acks or nacks (server retry).</summary>
    protected async Task ConsumeWithServerRetryAsync(IProcessQueue queue, MessageView message)
    {
        try
        {
            if (message.IsCorrupted)
            {
                await queue.NackAsync(message, retryPolicy().GetNextAttemptDelay(message.DeliveryAttempt)).ConfigureAwait(false);
                return;
            }

            var result = Normalize(await Invoker.InvokeAsync(message, TimeSpan.Zero).ConfigureAwait(false));
            if (result.Kind == ConsumeResultKind.Success)
            {
                await queue.AckAsync(message).ConfigureAwait(false);
            }
            else
            {
                await queue.NackAsync(message, retryPolicy().GetNextAttemptDelay(message.DeliveryAttempt)).ConfigureAwait(false);
            }
        }
        finally
        {
            queue.Evict(message);
        }
    }

    /// <summary>Consumes with local retries, then acks, suspends or dead-letters; returns the final result.</summary>
    protected async Task<ConsumeResult> ConsumeWithLocalRetryAsync(IProcessQueue queue, MessageView message, bool corruptedToDeadLetter)
    {
        try
        {
            if (message.IsCorrupted)
            {
                if (corruptedToDeadLetter)
                {
                    await queue.ForwardToDeadLetterQueueAsync(message).ConfigureAwait(false);
                }
                else
                {
                    await queue.NackAsync(message, retryPolicy().GetNextAttemptDelay(message.DeliveryAttempt)).ConfigureAwait(false);
                }

                return ConsumeResult.Failure;
            }

            var result = Normalize(await Invoker.InvokeAsync(message, TimeSpan.Zero).ConfigureAwait(false));
            while (result.Kind == ConsumeResultKind.Failure)
            {
                var policy = retryPolicy();
                var attempt = message.DeliveryAttempt;
                if (attempt >= policy.MaxAttempts)
                {
                    break;
                }

                var delay = policy.GetNextAttemptDelay(attempt);
                message.IncrementDeliveryAttempt();
                result = Normalize(await Invoker.InvokeAsync(message, delay).ConfigureAwait(false));
            }

            switch (result.Kind)
            {
                case ConsumeResultKind.Success:
                    await queue.AckAsync(message).ConfigureAwait(false);
                    break;
                case ConsumeResultKind.Suspend:
                    await queue.SuspendAsync(message, result.SuspendDuration).ConfigureAwait(false);
                    break;
                default:
                    await queue.ForwardToDeadLetterQueueAsync(message).ConfigureAwait(false);
                    break;
            }

            return result;
        }
        finally
        {
            queue.Evict(message);
        }
    }

    /// <summary>Only lite consumers may suspend; for the others a suspension is a failure.</summary>
    private ConsumeResult Normalize(ConsumeResult result) =>
        result.Kind == ConsumeResultKind.Suspend && !isLite ? ConsumeResult.Failure : result;
}
