namespace VoiceAgent.RocketMQ;

/// <summary>Settings of a <see cref="SimpleConsumer"/>.</summary>
public sealed class SimpleConsumerOptions
{
    public string ConsumerGroup { get; set; } = "";

    /// <summary>Topic to filter; receives go round-robin over these topics.</summary>
    public IDictionary<string, FilterExpression> Subscriptions { get; set; } = new Dictionary<string, FilterExpression>(StringComparer.Ordinal);

    /// <summary>How long a receive waits on the server for messages (long polling).</summary>
    public TimeSpan AwaitDuration { get; set; } = TimeSpan.FromSeconds(20);

    internal void Validate()
    {
        ConsumerOptionsValidation.ThrowIfBlank(ConsumerGroup, nameof(ConsumerGroup));
        ConsumerOptionsValidation.ThrowIfNoSubscription(Subscriptions);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(AwaitDuration, TimeSpan.Zero, nameof(AwaitDuration));
    }
}
