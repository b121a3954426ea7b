using VoiceAgent.Broker.Configuration;

namespace VoiceAgent.Broker.Consumption;

/// <summary>A consumer group and its consumption settings.</summary>
internal sealed class ConsumerGroup(int id, GroupDefinition definition, int maxDeliveryAttempts, int liteSubscriptionQuota, bool declared)
{
    /// <summary>A small number that receipt handles carry instead of the name.</summary>
    public int Id { get; } = id;

    public string Name { get; } = definition.Name;

    public bool Fifo { get; } = definition.Fifo;

    /// <summary>The LITE parent topic of a lite group; null for an ordinary group.</summary>
    public string? LiteBindTopic { get; } = definition.LiteBindTopic;

    public bool IsLite => LiteBindTopic is not null;

    public int MaxDeliveryAttempts { get; } = maxDeliveryAttempts;

    public int LiteSubscriptionQuota { get; } = liteSubscriptionQuota;

    public LiteSubscriptionModel SubscriptionModel { get; } = definition.SubscriptionModel;

    /// <summary>False for groups created on first use.</summary>
    public bool Declared { get; } = declared;
}
