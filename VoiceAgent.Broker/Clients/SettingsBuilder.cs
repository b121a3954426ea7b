using Google.Protobuf.WellKnownTypes;
using VoiceAgent.Broker.Configuration;
using VoiceAgent.Broker.Consumption;
using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.Broker.Clients;

/// <summary>
/// The effective settings the broker answers a client's settings with, as the RocketMQ proxy does: the
/// client's own fields echoed, plus what the server decides (batch size, long polling, FIFO, quotas, backoff,
/// body size limit, metrics off).
/// </summary>
internal sealed class SettingsBuilder(BrokerOptions options)
{
    public Settings ForProducer(Settings announced)
    {
        var settings = announced.Clone();
        settings.Metric = new Metric { On = false };
        settings.BackoffPolicy = new RetryPolicy
        {
            MaxAttempts = announced.BackoffPolicy is { MaxAttempts: > 0 } policy ? policy.MaxAttempts : 3,
            ExponentialBackoff = new ExponentialBackoff
            {
                Initial = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(10)),
                Max = Duration.FromTimeSpan(TimeSpan.FromSeconds(1)),
                Multiplier = 2,
            },
        };
        settings.Publishing.MaxBodySize = options.MaxBodySize;
        settings.Publishing.ValidateMessageType = true;
        return settings;
    }

    public Settings ForConsumer(Settings announced, ConsumerGroup group)
    {
        var settings = announced.Clone();
        settings.Metric = new Metric { On = false };
        settings.BackoffPolicy = new RetryPolicy
        {
            MaxAttempts = group.MaxDeliveryAttempts,
            ExponentialBackoff = new ExponentialBackoff
            {
                Initial = Duration.FromTimeSpan(options.RetryInitialBackoff),
                Max = Duration.FromTimeSpan(options.RetryMaxBackoff),
                Multiplier = options.RetryBackoffMultiplier,
            },
        };
        var subscription = settings.Subscription;
        subscription.Group ??= new Resource { Name = group.Name };

        // Lite topics are single ordered queues, so lite consumers consume each lite topic in order.
        subscription.Fifo = group.Fifo || group.IsLite;
        subscription.ReceiveBatchSize = options.ReceiveBatchSize;
        subscription.LongPollingTimeout = Duration.FromTimeSpan(options.LongPollingTimeout);
        if (group.IsLite)
        {
            subscription.LiteSubscriptionQuota = group.LiteSubscriptionQuota;
            subscription.MaxLiteTopicSize = options.MaxLiteTopicNameLength;
        }
        else
        {
            subscription.ClearLiteSubscriptionQuota();
            subscription.ClearMaxLiteTopicSize();
        }

        return settings;
    }
}
