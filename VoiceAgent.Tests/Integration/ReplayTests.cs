using VoiceAgent.RocketMQ;
using VoiceAgent.Tests.Broker;

namespace VoiceAgent.Tests.Integration;

/// <summary>
/// The exactly-once resume of the voice link: delivered lite messages carry their queue offset, and a subscription
/// with an offset inside the topic's replay window (<c>retain</c>) delivers from there again, even what was acked.
/// </summary>
public sealed class ReplayTests
{
    private static readonly TimeSpan Timeout = IntegrationBroker.Timeout;

    [Fact]
    public async Task ASubscriptionFromAnOffsetReplaysAckedMessagesOfTheWindowInOrder()
    {
        await using var broker = await IntegrationBroker.StartAsync();
        var producer = await broker.CreateProducerAsync("downlink");
        var dead = new ReceivedMessages();
        var deadClient = broker.CreateClient();
        var a = await broker.CreateLiteConsumerAsync("solo-gateways", dead.Handler, deadClient);
        await a.SubscribeLiteAsync("session").WaitAsync(Timeout);
        for (var i = 0; i < 5; i++)
        {
            await LitePushConsumerTests.SendAsync(producer, "session", $"event-{i}");
        }

        await dead.WaitForCountAsync(5);
        Assert.Equal([0L, 1, 2, 3, 4], dead.Snapshot().Select(m => m.Offset));
        await Eventually.TrueAsync(() => Backlog(broker) == 0, Timeout, "every event acked");
        await a.DisposeAsync();

        // The client saw up to seq 2 (offset 1): the next gateway resumes at offset 2.
        var resumed = new ReceivedMessages();
        await using var b = await broker.CreateLiteConsumerAsync("solo-gateways", resumed.Handler);
        await b.SubscribeLiteAsync("session", OffsetOption.FromOffset(2)).WaitAsync(Timeout);
        await resumed.WaitForCountAsync(3);
        await LitePushConsumerTests.SendAsync(producer, "session", "event-5");
        await resumed.WaitForCountAsync(4);

        Assert.Equal(["event-2", "event-3", "event-4", "event-5"], resumed.Bodies());
        Assert.Equal([2L, 3, 4, 5], resumed.Snapshot().Select(m => m.Offset));
        Assert.All(resumed.Snapshot(), m => Assert.Equal(1, m.DeliveryAttempt));
    }

    [Fact]
    public async Task AResumeOlderThanTheWindowStartsAtTheOldestRetainedMessage()
    {
        await using var broker = await IntegrationBroker.StartAsync(options =>
        {
            options.Topics.Add("brief:LITE:retain=500ms");
            options.Groups.Add("brief-gateways:lite-bind=brief:exclusive");
        });
        var producer = await broker.CreateProducerAsync("brief");
        var first = new ReceivedMessages();
        var options = new LitePushConsumerOptions { ConsumerGroup = "brief-gateways", BindTopic = "brief" };
        await using var a = await broker.Client.CreateLitePushConsumerAsync(options, first.Handler).WaitAsync(Timeout);
        await a.SubscribeLiteAsync("session").WaitAsync(Timeout);
        await LitePushConsumerTests.SendAsync(producer, "session", "gone-0", "brief");
        await LitePushConsumerTests.SendAsync(producer, "session", "gone-1", "brief");
        await first.WaitForCountAsync(2);
        await Eventually.TrueAsync(() => StoredBytes(broker, "brief") == 0, Timeout, "the window passes");

        await LitePushConsumerTests.SendAsync(producer, "session", "kept-2", "brief");
        await first.WaitForCountAsync(3);
        await Eventually.TrueAsync(() => RetainedBytes(broker, "brief") > 0, Timeout, "kept-2 is acked and retained");

        var resumed = new ReceivedMessages();
        await using var b = await broker.Client.CreateLitePushConsumerAsync(options, resumed.Handler).WaitAsync(Timeout);
        await b.SubscribeLiteAsync("session", OffsetOption.FromOffset(0)).WaitAsync(Timeout);
        await resumed.WaitForCountAsync(1);
        var oldest = resumed.Snapshot()[0];
        Assert.Equal(("kept-2", 2L), (ReceivedMessages.Text(oldest), oldest.Offset));
    }

    private static long Backlog(IntegrationBroker broker) =>
        broker.Broker.Inspector.Groups().Single(g => g.Name == "solo-gateways").Backlog.Sum(b => b.Backlog + b.InFlight);

    private static long StoredBytes(IntegrationBroker broker, string topic) =>
        broker.Broker.Inspector.Topics().Single(t => t.Name == topic).Bytes;

    private static long RetainedBytes(IntegrationBroker broker, string topic) =>
        broker.Broker.Inspector.Topics().Single(t => t.Name == topic).RetainedBytes;
}
