namespace VoiceAgent.RocketMQ;

/// <summary>Settings of a <see cref="PushConsumer"/>.</summary>
public sealed class PushConsumerOptions
{
    public string ConsumerGroup { get; set; } = "";

    public IDictionary<string, FilterExpression> Subscriptions { get; set; } = new Dictionary<string, FilterExpression>(StringComparer.Ordinal);

    /// <summary>Received messages not yet settled, over all queues; receiving pauses at this count.</summary>
    public int MaxCachedMessageCount { get; set; } = 1024;

    /// <summary>Body bytes of received messages not yet settled; receiving pauses at this size.</summary>
    public long MaxCachedMessageBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Handler calls running at the same time, at most.</summary>
    public int ConsumptionConcurrency { get; set; } = 20;

    /// <summary>
    /// For FIFO groups: consume different message groups of a batch in parallel (each group still strictly in
    /// order). When false, each queue's messages are consumed one at a time.
    /// </summary>
    public bool EnableFifoConsumeAccelerator { get; set; } = true;

    internal void Validate()
    {
        ConsumerOptionsValidation.ThrowIfBlank(ConsumerGroup, nameof(ConsumerGroup));
        ConsumerOptionsValidation.ThrowIfNoSubscription(Subscriptions);
        ConsumerOptionsValidation.ThrowIfNotPositive(MaxCachedMessageCount, MaxCachedMessageBytes, ConsumptionConcurrency);
    }
}
