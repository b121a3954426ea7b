namespace VoiceAgent.RocketMQ;

/// <summary>Settings of a <see cref="LitePushConsumer"/>.</summary>
public sealed class LitePushConsumerOptions
{
    /// <summary>A lite group, bound on the server to <see cref="BindTopic"/>.</summary>
    public string ConsumerGroup { get; set; } = "";

    /// <summary>The LITE parent topic whose lite topics this consumer subscribes.</summary>
    public string BindTopic { get; set; } = "";

    /// <summary>Received messages not yet settled; receiving pauses at this count.</summary>
    public int MaxCachedMessageCount { get; set; } = 1024;

    /// <summary>Body bytes of received messages not yet settled; receiving pauses at this size.</summary>
    public long MaxCachedMessageBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Handler calls running at the same time, at most; each lite topic is still consumed in order.</summary>
    public int ConsumptionConcurrency { get; set; } = 20;

    internal void Validate()
    {
        ConsumerOptionsValidation.ThrowIfBlank(ConsumerGroup, nameof(ConsumerGroup));
        ConsumerOptionsValidation.ThrowIfBlank(BindTopic, nameof(BindTopic));
        ConsumerOptionsValidation.ThrowIfNotPositive(MaxCachedMessageCount, MaxCachedMessageBytes, ConsumptionConcurrency);
    }
}
