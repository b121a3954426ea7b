using Google.Protobuf.WellKnownTypes;
using VoiceAgent.RocketMQ;
using Proto = VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.Tests.RocketMQ;

public sealed class SettingsTests
{
    private static readonly BrokerEndpoints AccessPoint = BrokerEndpoints.Parse("127.0.0.1:8081");

    [Fact]
    public void AProducerAnnouncesItsTopicsAndTakesTheServersBackoffAndBodyLimit()
    {
        var settings = new PublishingSettings(AccessPoint, TimeSpan.FromSeconds(3), "ns", ["a", "b"], maxAttempts: 5);

        var announced = settings.ToProtobuf();
        Assert.Equal(Proto.ClientType.Producer, announced.ClientType);
        Assert.Equal(["a", "b"], announced.Publishing.Topics.Select(t => t.Name).Order());
        Assert.All(announced.Publishing.Topics, t => Assert.Equal("ns", t.ResourceNamespace));
        Assert.Equal(Proto.Language.DotNet, announced.UserAgent.Language);
        Assert.Equal(3, announced.RequestTimeout.Seconds);
        Assert.Equal("127.0.0.1", announced.AccessPoint.Addresses[0].Host);

        settings.Apply(new Proto.Settings
        {
            BackoffPolicy = new Proto.RetryPolicy
            {
                MaxAttempts = 3,
                ExponentialBackoff = new Proto.ExponentialBackoff { Initial = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(10)), Max = Duration.FromTimeSpan(TimeSpan.FromSeconds(1)), Multiplier = 2 },
            },
            Publishing = new Proto.Publishing { MaxBodySize = 1024, ValidateMessageType = false },
        });

        Assert.Equal(5, settings.RetryPolicy!.MaxAttempts);
        Assert.Equal(TimeSpan.FromMilliseconds(20), settings.RetryPolicy.GetNextAttemptDelay(2));
        Assert.Equal(1024, settings.MaxBodySize);
        Assert.False(settings.ValidateMessageType);
    }

    [Fact]
    public void AZeroBodyLimitFromTheServerKeepsTheDefault()
    {
        var settings = new PublishingSettings(AccessPoint, TimeSpan.FromSeconds(3), "", [], maxAttempts: 3);

        settings.Apply(new Proto.Settings { Publishing = new Proto.Publishing { MaxBodySize = 0 } });

        Assert.Equal(PublishingSettings.DefaultMaxBodySize, settings.MaxBodySize);
    }

    [Fact]
    public void APushConsumerAppliesEverySubscriptionSettingTheServerSends()
    {
        var settings = PushSettings(Proto.ClientType.PushConsumer);
        settings.Apply(new Proto.Settings
        {
            BackoffPolicy = new Proto.RetryPolicy
            {
                MaxAttempts = 17,
                CustomizedBackoff = new Proto.CustomizedBackoff { Next = { Duration.FromTimeSpan(TimeSpan.FromSeconds(1)), Duration.FromTimeSpan(TimeSpan.FromSeconds(5)) } },
            },
            Subscription = new Proto.Subscription
            {
                Fifo = true,
                ReceiveBatchSize = 16,
                LongPollingTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(15)),
                LiteSubscriptionQuota = 7,
                MaxLiteTopicSize = 32,
            },
        });

        Assert.True(settings.Fifo);
        Assert.Equal(16, settings.ReceiveBatchSize);
        Assert.Equal(TimeSpan.FromSeconds(15), settings.LongPollingTimeout);
        Assert.Equal(7, settings.LiteSubscriptionQuota);
        Assert.Equal(32, settings.MaxLiteTopicSize);
        Assert.Equal(17, settings.RetryPolicy!.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.RetryPolicy.GetNextAttemptDelay(3));
    }

    [Fact]
    public void ValuesTheServerLeavesOutKeepTheirDefaults()
    {
        var push = PushSettings(Proto.ClientType.PushConsumer);
        var lite = PushSettings(Proto.ClientType.LitePushConsumer);

        push.Apply(new Proto.Settings { Subscription = new Proto.Subscription { ReceiveBatchSize = 0 } });
        lite.Apply(new Proto.Settings { Subscription = new Proto.Subscription() });

        Assert.False(push.Fifo);
        Assert.True(lite.Fifo);
        Assert.Equal(PushSubscriptionSettings.DefaultReceiveBatchSize, push.ReceiveBatchSize);
        Assert.Equal(PushSubscriptionSettings.DefaultLongPollingTimeout, push.LongPollingTimeout);
        Assert.Equal(PushSubscriptionSettings.DefaultLiteSubscriptionQuota, lite.LiteSubscriptionQuota);
        Assert.Equal(PushSubscriptionSettings.DefaultMaxLiteTopicSize, lite.MaxLiteTopicSize);
        Assert.Equal(17, push.RetryPolicy!.MaxAttempts);
    }

    [Fact]
    public void AConsumerAnnouncesItsGroupAndSubscriptions()
    {
        var announced = PushSettings(Proto.ClientType.LitePushConsumer).ToProtobuf();

        Assert.Equal(Proto.ClientType.LitePushConsumer, announced.ClientType);
        Assert.Equal("group", announced.Subscription.Group.Name);
        var entry = Assert.Single(announced.Subscription.Subscriptions);
        Assert.Equal("parent", entry.Topic.Name);
        Assert.Equal("*", entry.Expression.Expression);
    }

    private static PushSubscriptionSettings PushSettings(Proto.ClientType type) => new(
        type,
        AccessPoint,
        TimeSpan.FromSeconds(3),
        new Proto.Resource { Name = "group" },
        [new Proto.SubscriptionEntry { Topic = new Proto.Resource { Name = "parent" }, Expression = FilterExpression.All.ToProtobuf() }]);
}
