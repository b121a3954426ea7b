namespace VoiceAgent.RocketMQ;

/// <summary>
/// What a consume service needs from the queue a batch came from: settling messages (each retried until the
/// server accepts it or the receipt is no longer valid) and releasing them from the cache.
/// </summary>
internal interface IProcessQueue
{
    /// <summary>Orders the consumption of FIFO messages of this queue per key.</summary>
    KeyedSequencer Sequencer { get; }

    Task AckAsync(MessageView message);

    /// <summary>Makes the message visible again after <paramref name="invisibleDuration"/> (a server-side retry).</summary>
    Task NackAsync(MessageView message, TimeSpan invisibleDuration);

    /// <summary>Lite only: redeliver after <paramref name="duration"/> without counting an attempt.</summary>
    Task SuspendAsync(MessageView message, TimeSpan duration);

    Task ForwardToDeadLetterQueueAsync(MessageView message);

    /// <summary>Removes a settled message from the cache.</summary>
    void Evict(MessageView message);
}
