namespace VoiceAgent.RocketMQ;

internal static class ConsumerOptionsValidation
{
    public static void ThrowIfBlank(string value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{name} must be set.", name);
        }
    }

    public static void ThrowIfNoSubscription(IDictionary<string, FilterExpression> subscriptions)
    {
        if (subscriptions is null || subscriptions.Count == 0)
        {
            throw new ArgumentException("Subscribe at least one topic.", "Subscriptions");
        }

        foreach (var (topic, filter) in subscriptions)
        {
            ThrowIfBlank(topic, "Subscriptions");
            ArgumentNullException.ThrowIfNull(filter, "Subscriptions");
        }
    }

    public static void ThrowIfNotPositive(int maxCachedMessageCount, long maxCachedMessageBytes, int consumptionConcurrency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCachedMessageCount, 1, "MaxCachedMessageCount");
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCachedMessageBytes, 1, "MaxCachedMessageBytes");
        ArgumentOutOfRangeException.ThrowIfLessThan(consumptionConcurrency, 1, "ConsumptionConcurrency");
    }
}
