namespace VoiceAgent.Broker.Configuration;

/// <summary>A declared consumer group: <c>name[:FIFO][:lite-bind=parent][:max-attempts=N][:lite-quota=N][:exclusive]</c>.</summary>
/// <param name="Name">The group name.</param>
/// <param name="Fifo">Whether the group consumes each message group in order (RocketMQ's <c>consumeMessageOrderly</c>).</param>
/// <param name="LiteBindTopic">For a lite group, the LITE parent topic it is bound to.</param>
/// <param name="MaxDeliveryAttempts">Attempts before dead-lettering, or null for the broker default.</param>
/// <param name="LiteSubscriptionQuota">Lite subscriptions per client, or null for the broker default.</param>
/// <param name="SubscriptionModel">Shared or exclusive lite subscriptions.</param>
public sealed record GroupDefinition(
    string Name,
    bool Fifo = false,
    string? LiteBindTopic = null,
    int? MaxDeliveryAttempts = null,
    int? LiteSubscriptionQuota = null,
    LiteSubscriptionModel SubscriptionModel = LiteSubscriptionModel.Shared)
{
    /// <summary>Parses one declaration; throws <see cref="FormatException"/> with a message that says what is wrong.</summary>
    public static GroupDefinition Parse(string spec)
    {
        var parts = DefinitionSyntax.Split(spec, "group");
        var name = parts.Name;
        NameRules.EnsureValidGroupName(name, spec);
        var definition = new GroupDefinition(name);
        foreach (var (key, value) in parts.Settings)
        {
            definition = key switch
            {
                "fifo" when value is null => definition with { Fifo = true },
                "normal" when value is null => definition with { Fifo = false },
                "lite-bind" when !string.IsNullOrEmpty(value) => definition with { LiteBindTopic = value },
                "max-attempts" => definition with { MaxDeliveryAttempts = DefinitionSyntax.ParseInt(value, 1, 1000, key, spec) },
                "lite-quota" => definition with { LiteSubscriptionQuota = DefinitionSyntax.ParseInt(value, 0, 1_000_000, key, spec) },
                "exclusive" when value is null => definition with { SubscriptionModel = LiteSubscriptionModel.Exclusive },
                "shared" when value is null => definition with { SubscriptionModel = LiteSubscriptionModel.Shared },
                _ => throw new FormatException(
                    $"Group '{spec}': unknown setting '{key}'. Use FIFO, lite-bind=<LITE topic>, max-attempts=N, lite-quota=N, exclusive or shared."),
            };
        }

        return definition;
    }
}
