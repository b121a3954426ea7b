using Microsoft.Extensions.Logging;
using VoiceAgent.Broker.Clients;
using VoiceAgent.Broker.Configuration;
using VoiceAgent.Broker.Consumption;
using VoiceAgent.Broker.Storage;
using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.Broker.Lite;

/// <summary>SyncLiteSubscription: checks the request as the proxy does and applies it to the registry and deliveries.</summary>
internal sealed partial class LiteSubscriptionService(
    BrokerOptions options,
    ConsumerGroupStore groups,
    TopicStore topics,
    LiteSubscriptionRegistry registry,
    DeliveryEngine delivery,
    ILogger<LiteSubscriptionService> logger)
{
    public Outcome Sync(ClientSession client, SyncLiteSubscriptionRequest request)
    {
        var outcome = Resolve(client, request, out var group, out var parent);
        if (!outcome.IsOk)
        {
            return outcome;
        }

        var names = request.LiteTopicSet;
        outcome = CheckNames(group, names);
        if (!outcome.IsOk)
        {
            return outcome;
        }

        switch (request.Action)
        {
            case LiteSubscriptionAction.PartialAdd:
                return Add(client, group, parent, request);
            case LiteSubscriptionAction.PartialRemove:
                delivery.OnLiteUnsubscribed(group, parent, registry.Remove(client, group, names).Removed);
                return Outcome.Ok;
            case LiteSubscriptionAction.CompleteAdd:
                return Replace(client, group, parent, names);
            case LiteSubscriptionAction.CompleteRemove:
                delivery.OnLiteUnsubscribed(group, parent, registry.RemoveAll(client, group).Removed);
                return Outcome.Ok;
            default:
                return new Outcome(Code.BadRequest, $"Unknown lite subscription action {request.Action}.");
        }
    }

    /// <summary>Every action's names: at most quota plus buffer of them, each a valid lite topic name.</summary>
    private Outcome CheckNames(ConsumerGroup group, IReadOnlyCollection<string> names)
    {
        var most = group.LiteSubscriptionQuota + options.LiteSubscriptionQuotaBuffer;
        if (names.Count > most)
        {
            return new Outcome(Code.LiteSubscriptionQuotaExceeded, $"A lite subscription request names at most {most} lite topics; this one names {names.Count}.");
        }

        foreach (var name in names)
        {
            if (!NameRules.IsValidLiteTopicName(name, options.MaxLiteTopicNameLength))
            {
                return new Outcome(
                    Code.IllegalLiteTopic,
                    $"'{(name.Length > 80 ? name[..80] + "..." : name)}' is not a valid lite topic: use 1 to {options.MaxLiteTopicNameLength} letters, digits, '_' or '-'.");
            }
        }

        return Outcome.Ok;
    }

    private Outcome Resolve(ClientSession client, SyncLiteSubscriptionRequest request, out ConsumerGroup group, out Topic parent)
    {
        group = null!;
        parent = null!;
        var groupName = request.Group?.Name;
        if (string.IsNullOrEmpty(groupName) || groups.Find(groupName) is not { } found)
        {
            return new Outcome(Code.IllegalConsumerGroup, $"Group '{groupName}' not found: declare lite groups with --group <name>:lite-bind=<LITE topic>.");
        }

        if (!found.IsLite)
        {
            return new Outcome(Code.IllegalConsumerGroup, $"Group '{groupName}' is a regular group and cannot use LITE mode.");
        }

        if (!string.Equals(request.Topic?.Name, found.LiteBindTopic, StringComparison.Ordinal))
        {
            return new Outcome(Code.IllegalTopic, $"Lite group '{groupName}' is expected to bind topic '{found.LiteBindTopic}', not '{request.Topic?.Name}'.");
        }

        if (client.Group is { } known && !ReferenceEquals(known, found))
        {
            return new Outcome(Code.IllegalConsumerGroup, $"Client {client.ClientId} consumes for group '{known.Name}', not '{groupName}'.");
        }

        client.Group ??= found;
        group = found;
        parent = topics.Find(found.LiteBindTopic!)!;
        return Outcome.Ok;
    }

    private Outcome Add(ClientSession client, ConsumerGroup group, Topic parent, SyncLiteSubscriptionRequest request)
    {
        foreach (var name in request.LiteTopicSet)
        {
            if (!NameRules.IsValidLiteTopicName(name, options.MaxLiteTopicNameLength))
            {
                return new Outcome(Code.IllegalLiteTopic, $"'{name}' is not a valid lite topic: use 1 to {options.MaxLiteTopicNameLength} letters, digits, '_' or '-'.");
            }
        }

        var result = request.OffsetOption is { } option
            ? AddFrom(client, group, parent, request.LiteTopicSet, option)
            : registry.Add(client, group, request.LiteTopicSet);
        if (QuotaOutcome(result, client, group) is { } refused)
        {
            return refused;
        }

        HandOverEvicted(result, client, group, parent);
        delivery.OnLiteSubscribed(client, parent, request.LiteTopicSet);
        return Outcome.Ok;
    }

    /// <summary>PARTIAL_ADD with an offset option: each lite topic is registered and repositioned as one step.</summary>
    private LiteSubscriptionResult AddFrom(ClientSession client, ConsumerGroup group, Topic parent, IReadOnlyCollection<string> names, OffsetOption option)
    {
        var combined = new LiteSubscriptionResult();
        foreach (var name in names)
        {
            var result = topics.FindLiteTopic(parent, name) is { } queue
                ? delivery.SubscribeFrom(group, queue, option, () => registry.Add(client, group, [name]))
                : registry.Add(client, group, [name]);
            if (result.Status != LiteSubscriptionStatus.Ok)
            {
                HandOverEvicted(combined, client, group, parent);
                return result;
            }

            combined.Added.AddRange(result.Added);
            combined.Evicted.AddRange(result.Evicted);
        }

        return combined;
    }

    private Outcome Replace(ClientSession client, ConsumerGroup group, Topic parent, IReadOnlyCollection<string> names)
    {
        var result = registry.Replace(client, group, names);
        if (QuotaOutcome(result, client, group) is { } refused)
        {
            return refused;
        }

        HandOverEvicted(result, client, group, parent);
        delivery.OnLiteUnsubscribed(group, parent, result.Removed);
        delivery.OnLiteSubscribed(client, parent, result.Added);
        return Outcome.Ok;
    }

    /// <summary>
    /// Clients of an exclusive group that lost lite topics: their unsettled messages of those go to the new holder at
    /// once, and they are told (NotifyUnsubscribeLite) to drop the lite topics.
    /// </summary>
    private void HandOverEvicted(LiteSubscriptionResult result, ClientSession requester, ConsumerGroup group, Topic parent)
    {
        foreach (var (evicted, name) in result.Evicted)
        {
            Log.Evicted(logger, evicted.ClientId, name, group.Name, requester.ClientId);
            delivery.OnLiteEvicted(evicted, group, parent, name);
            evicted.Telemetry?.TryPush(new TelemetryCommand
            {
                Status = Outcome.Ok.ToStatus(),
                NotifyUnsubscribeLiteCommand = new NotifyUnsubscribeLiteCommand { LiteTopic = name },
            });
        }
    }

    private Outcome? QuotaOutcome(LiteSubscriptionResult result, ClientSession client, ConsumerGroup group) => result.Status switch
    {
        LiteSubscriptionStatus.ClientQuotaExceeded => new Outcome(
            Code.LiteSubscriptionQuotaExceeded,
            $"Client {client.ClientId} would hold more than the {group.LiteSubscriptionQuota} lite subscriptions group '{group.Name}' allows."),
        LiteSubscriptionStatus.BrokerQuotaExceeded => new Outcome(
            Code.LiteSubscriptionQuotaExceeded,
            $"The broker holds its maximum of {options.MaxLiteSubscriptions} lite subscriptions."),
        _ => null,
    };

    private static partial class Log
    {
        [LoggerMessage(3001, LogLevel.Information, "Client {ClientId} does not hold lite topic {LiteTopic} of exclusive group {Group} (taken by or kept for another client; request by {Requester})")]
        public static partial void Evicted(ILogger logger, string clientId, string liteTopic, string group, string requester);
    }
}
