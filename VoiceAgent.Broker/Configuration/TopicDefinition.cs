namespace VoiceAgent.Broker.Configuration;

/// <summary>A declared topic: <c>name[:TYPE][:key=value...]</c>.</summary>
/// <param name="Name">The topic name.</param>
/// <param name="Type">The message type it accepts.</param>
/// <param name="Queues">Its queue count, or null for the broker default.</param>
/// <param name="LiteExpiration">For LITE topics, how long a lite topic may stay without writes; null never expires.</param>
/// <param name="BacklogAlertThreshold">For LITE topics, the backlog above which a lite topic raises an alert.</param>
/// <param name="Retain">
/// For LITE topics, how long a message stays stored after every bound group settled it, so that a subscription
/// with an offset option can replay it (<c>retain=2m</c>); null keeps nothing settled.
/// </param>
public sealed record TopicDefinition(
    string Name,
    TopicType Type,
    int? Queues = null,
    TimeSpan? LiteExpiration = null,
    long? BacklogAlertThreshold = null,
    TimeSpan? Retain = null)
{
    /// <summary>Parses one declaration; throws <see cref="FormatException"/> with a message that says what is wrong.</summary>
    public static TopicDefinition Parse(string spec)
    {
        var parts = DefinitionSyntax.Split(spec, "topic");
        var name = parts.Name;
        NameRules.EnsureValidTopicName(name, spec);
        var type = TopicType.Normal;
        int? queues = null;
        TimeSpan? expiration = null;
        long? threshold = null;
        TimeSpan? retain = null;
        foreach (var (key, value) in parts.Settings)
        {
            switch (key)
            {
                case "normal" when value is null:
                    type = TopicType.Normal;
                    break;
                case "fifo" when value is null:
                    type = TopicType.Fifo;
                    break;
                case "delay" when value is null:
                    type = TopicType.Delay;
                    break;
                case "lite" when value is null:
                    type = TopicType.Lite;
                    break;
                case "queues":
                    queues = DefinitionSyntax.ParseInt(value, 1, 64, key, spec);
                    break;
                case "expiration":
                    expiration = DefinitionSyntax.ParseExpiration(value, spec);
                    break;
                case "retain":
                    retain = DefinitionSyntax.ParseRetain(value, spec);
                    break;
                case "alert-backlog":
                    threshold = DefinitionSyntax.ParseInt(value, 1, int.MaxValue, key, spec);
                    break;
                default:
                    throw new FormatException(
                        $"Topic '{spec}': unknown setting '{key}'. Use NORMAL, FIFO, DELAY or LITE, queues=N, expiration=10m (LITE), retain=2m (LITE) or alert-backlog=N (LITE).");
            }
        }

        if (type != TopicType.Lite && (expiration is not null || threshold is not null || retain is not null))
        {
            throw new FormatException($"Topic '{spec}': expiration, retain and alert-backlog apply to LITE topics only.");
        }

        return new TopicDefinition(name, type, queues, expiration, threshold, retain);
    }
}
