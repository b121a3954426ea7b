namespace VoiceAgent.RocketMQ;

/// <summary>Settings of a <see cref="LitePushConsumer"/>; the defaults suit a gateway that holds thousands of lite topics.</summary>
public sealed class LitePushConsumerOptions
{
    /// <summary>The <see cref="ConsumptionConcurrency"/> that sets no limit besides one handler call per lite topic.</summary>
    public const int UnlimitedConcurrency = int.MaxValue;

    /// <summary>A lite group, bound on the server to <see cref="BindTopic"/>.</summary>
    public string ConsumerGroup { get; set; } = "";

    /// <summary>The LITE parent topic whose lite topics this consumer subscribes.</summary>
    public string BindTopic { get; set; } = "";

    /// <summary>
    /// Received messages not yet settled, over all lite topics; receiving pauses at this count. A lite topic's messages
    /// wait here while its handler is busy with an earlier one, so size it for the lite topics held times the messages
    /// each may have waiting. Default 16384.
    /// </summary>
    public int MaxCachedMessageCount { get; set; } = 16_384;

    /// <summary>Body bytes of received messages not yet settled; receiving pauses at this size. Default 64 MiB.</summary>
    public long MaxCachedMessageBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// Handler calls running at the same time, at most, over all lite topics. Each lite topic is consumed in order, one
    /// message at a time, so its handler never runs twice at once; beyond that the default sets no limit
    /// (<see cref="UnlimitedConcurrency"/>), so that thousands of lite topics can each await a slow handler (a socket
    /// write paced at playback speed) without waiting for one another. Set a number to cap CPU-bound handlers.
    /// </summary>
    public int ConsumptionConcurrency { get; set; } = UnlimitedConcurrency;

    /// <summary>
    /// Called with a lite topic the server took away from this consumer (another consumer of an exclusive group
    /// subscribed it: RocketMQ's NotifyUnsubscribeLite), after it left <see cref="LitePushConsumer.LiteTopics"/>.
    /// Messages of it still being handled can no longer be acknowledged (the new holder receives them); return
    /// <see cref="ConsumeResult.Suspend"/> for them. Calls run in the background, several at once; exceptions are logged.
    /// </summary>
    public Func<string, ValueTask>? LiteTopicRevoked { get; set; }

    internal void Validate()
    {
        ConsumerOptionsValidation.ThrowIfBlank(ConsumerGroup, nameof(ConsumerGroup));
        ConsumerOptionsValidation.ThrowIfBlank(BindTopic, nameof(BindTopic));
        ConsumerOptionsValidation.ThrowIfNotPositive(MaxCachedMessageCount, MaxCachedMessageBytes, ConsumptionConcurrency);
    }
}
