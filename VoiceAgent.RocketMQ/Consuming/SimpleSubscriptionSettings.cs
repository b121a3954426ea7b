using Google.Protobuf.WellKnownTypes;
using Proto = VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.RocketMQ;

/// <summary>A simple consumer's settings: its group, subscriptions and long-polling time.</summary>
internal sealed class SimpleSubscriptionSettings(
    BrokerEndpoints accessPoint,
    TimeSpan requestTimeout,
    Proto.Resource group,
    IReadOnlyList<Proto.SubscriptionEntry> subscriptions,
    TimeSpan awaitDuration)
    : ClientSettings(Proto.ClientType.SimpleConsumer, accessPoint, requestTimeout)
{
    public TimeSpan AwaitDuration { get; } = awaitDuration;

    public override void Apply(Proto.Settings settings)
    {
        // The server's answer holds nothing a simple consumer must follow: it chooses its own batch size and
        // invisible time per call.
    }

    protected override void AddPubSub(Proto.Settings settings)
    {
        var subscription = new Proto.Subscription { Group = group, LongPollingTimeout = Duration.FromTimeSpan(AwaitDuration) };
        subscription.Subscriptions.AddRange(subscriptions);
        settings.Subscription = subscription;
    }
}
