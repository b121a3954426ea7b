using System.Text;
using VoiceAgent.RocketMQ;
using VoiceAgent.Tests.Broker;

namespace VoiceAgent.Tests.Integration;

/// <summary>Our lite push consumer against our broker: runtime subscriptions, hand-over, expiry, quotas, retries.</summary>
public sealed class LitePushConsumerTests
{
    private static readonly TimeSpan Timeout = IntegrationBroker.Timeout;

    [Fact]
    public async Task LiteConsumersReceiveExactlyTheLiteTopicsTheyHoldAndASecondOneTakesOverAnUnsubscribedLiteTopic()
    {
        await using var broker = await IntegrationBroker.StartAsync();
        var producer = await broker.CreateProducerAsync("downlink");
        var first = new ReceivedMessages();
        await using var a = await broker.CreateLiteConsumerAsync("gateways", first.Handler);
        await a.SubscribeLiteAsync("s1").WaitAsync(Timeout);
        await a.SubscribeLiteAsync("s2").WaitAsync(Timeout);

        for (var i = 0; i < 3; i++)
        {
            await SendAsync(producer, "s1", $"s1-{i}");
            await SendAsync(producer, "s2", $"s2-{i}");
            await SendAsync(producer, "s3", $"s3-{i}");
        }

        await first.WaitUntilAsync(m => m.Count(x => x.LiteTopic == "s1") == 3 && m.Count(x => x.LiteTopic == "s2") == 3, "s1 and s2");
        Assert.Equal(["s1-0", "s1-1", "s1-2"], first.Bodies(m => m.LiteTopic == "s1"));
        Assert.Equal(["s2-0", "s2-1", "s2-2"], first.Bodies(m => m.LiteTopic == "s2"));
        Assert.Empty(first.Bodies(m => m.LiteTopic == "s3"));
        Assert.Equal(3, Backlog(broker, "s3"));

        await a.SubscribeLiteAsync("s3").WaitAsync(Timeout);
        await first.WaitForCountAsync(3, m => m.LiteTopic == "s3");
        Assert.Equal(["s3-0", "s3-1", "s3-2"], first.Bodies(m => m.LiteTopic == "s3"));

        await a.UnsubscribeLiteAsync("s2").WaitAsync(Timeout);
        Assert.DoesNotContain("s2", a.LiteTopics);
        await SendAsync(producer, "s2", "s2-3");
        await SendAsync(producer, "s2", "s2-4");
        await SendAsync(producer, "s1", "s1-3");
        await first.WaitForCountAsync(4, m => m.LiteTopic == "s1");
        await Eventually.TrueAsync(() => Backlog(broker, "s2") == 2, Timeout, "s2 keeps two messages");
        Assert.Equal(3, first.Bodies(m => m.LiteTopic == "s2").Count);

        var second = new ReceivedMessages();
        await using var b = await broker.CreateLiteConsumerAsync("gateways", second.Handler);
        await b.SubscribeLiteAsync("s2").WaitAsync(Timeout);
        await second.WaitForCountAsync(2);
        Assert.Equal(["s2-3", "s2-4"], second.Bodies());
        Assert.Equal([3L, 4], second.Snapshot().Select(m => m.Offset));
        Assert.Equal(4, first.Bodies(m => m.LiteTopic == "s1").Count);
    }

    [Fact]
    public async Task AnIdleLiteTopicExpiresWithItsMessagesAndStartsAgainAtOffsetZero()
    {
        await using var broker = await IntegrationBroker.StartAsync(options =>
        {
            options.Topics.Add("short-lived:LITE:expiration=1s");
            options.Groups.Add("short-readers:lite-bind=short-lived");
        });
        var producer = await broker.CreateProducerAsync("short-lived");
        var received = new ReceivedMessages();
        await using var consumer = await broker.Client.CreateLitePushConsumerAsync(
            new LitePushConsumerOptions { ConsumerGroup = "short-readers", BindTopic = "short-lived" }, received.Handler).WaitAsync(Timeout);
        await consumer.SubscribeLiteAsync("session").WaitAsync(Timeout);
        await SendAsync(producer, "session", "first", "short-lived");
        await received.WaitForCountAsync(1);

        await Eventually.TrueAsync(() => broker.Broker.Inspector.LiteTopicCount == 0, Timeout, "the idle lite topic expires");
        Assert.Equal(0, broker.Broker.Inspector.StoredBytes);
        Assert.Equal(1, broker.Broker.Inspector.LiteSubscriptionCount);

        // Unlike RocketMQ, a live subscriber keeps its subscription: the session's next message arrives at once.
        var again = await SendAsync(producer, "session", "second", "short-lived");
        Assert.Equal(0, again.Offset);
        await received.WaitForCountAsync(2);
        Assert.Equal(("second", 0L), (ReceivedMessages.Text(received.Snapshot()[1]), received.Snapshot()[1].Offset));
    }

    [Fact]
    public async Task LiteTopicAndSubscriptionQuotasRefuseWhatWouldPassThem()
    {
        await using var broker = await IntegrationBroker.StartAsync(options =>
        {
            options.MaxLiteTopics = 2;
            options.MaxLiteSubscriptions = 3;
            options.Groups.Add("tight-gateways:lite-bind=downlink:lite-quota=2");
        });
        var producer = await broker.CreateProducerAsync("downlink");
        await SendAsync(producer, "a", "1");
        await SendAsync(producer, "b", "2");
        await Assert.ThrowsAsync<LiteTopicQuotaExceededException>(() => SendAsync(producer, "c", "3"));
        await SendAsync(producer, "a", "4");

        var received = new ReceivedMessages();
        await using var tight = await broker.CreateLiteConsumerAsync("tight-gateways", received.Handler);
        await tight.SubscribeLiteAsync("a").WaitAsync(Timeout);
        await tight.SubscribeLiteAsync("b").WaitAsync(Timeout);
        await Assert.ThrowsAsync<LiteSubscriptionQuotaExceededException>(() => tight.SubscribeLiteAsync("c"));
        Assert.Equal(["a", "b"], tight.LiteTopics.Order());

        await using var other = await broker.CreateLiteConsumerAsync("gateways", received.Handler);
        await other.SubscribeLiteAsync("x").WaitAsync(Timeout);
        await Assert.ThrowsAsync<LiteSubscriptionQuotaExceededException>(() => other.SubscribeLiteAsync("y"));
        Assert.Equal(["x"], other.LiteTopics);
        Assert.Equal(3, broker.Broker.Inspector.LiteSubscriptionCount);
    }

    [Fact]
    public async Task HundredsOfLiteTopicsEachAwaitASlowHandlerAtTheSameTime()
    {
        const int Sessions = 300;
        await using var broker = await IntegrationBroker.StartAsync();
        var producer = await broker.CreateProducerAsync("downlink");
        var entered = 0;
        var allEntered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var done = new ReceivedMessages();
        await using var consumer = await broker.CreateLiteConsumerAsync("gateways", async (message, _) =>
        {
            // Like the gateway's socket write paced at playback speed: the handler awaits, it does not compute.
            if (Interlocked.Increment(ref entered) == Sessions)
            {
                allEntered.TrySetResult();
            }

            await release.Task;
            done.Add(message);
            return ConsumeResult.Success;
        });

        try
        {
            for (var i = 0; i < Sessions; i++)
            {
                await consumer.SubscribeLiteAsync($"session-{i}").WaitAsync(Timeout);
            }

            await Task.WhenAll(Enumerable.Range(0, Sessions).Select(i => SendAsync(producer, $"session-{i}", "audio"))).WaitAsync(Timeout);
            await allEntered.Task.WaitAsync(Timeout);
        }
        finally
        {
            release.TrySetResult();
        }

        await done.WaitForCountAsync(Sessions);
        await Eventually.TrueAsync(() => broker.Broker.Inspector.Groups().Single(g => g.Name == "gateways").Backlog.Sum(b => b.Backlog) == 0, Timeout, "every message acked");
    }

    [Fact]
    public async Task ALiteMessageThatKeepsFailingIsRetriedLocallyThenDeadLettered()
    {
        await using var broker = await IntegrationBroker.StartAsync(options => options.Groups.Add("fragile-gateways:lite-bind=downlink:max-attempts=3"));
        var producer = await broker.CreateProducerAsync("downlink");
        var attempts = new ReceivedMessages();
        var poisonAttempts = new System.Collections.Concurrent.ConcurrentQueue<int>();
        await using var consumer = await broker.CreateLiteConsumerAsync("fragile-gateways", (message, _) =>
        {
            // The view is the same object on every local retry: its attempt is read now.
            var poison = ReceivedMessages.Text(message) == "poison";
            if (poison)
            {
                poisonAttempts.Enqueue(message.DeliveryAttempt);
            }

            attempts.Add(message);
            return ValueTask.FromResult(poison ? ConsumeResult.Failure : ConsumeResult.Success);
        });
        await consumer.SubscribeLiteAsync("session").WaitAsync(Timeout);
        await SendAsync(producer, "session", "poison");
        await SendAsync(producer, "session", "fine");

        await attempts.WaitForCountAsync(1, m => ReceivedMessages.Text(m) == "fine");
        Assert.Equal([1, 2, 3], poisonAttempts);
        await Eventually.TrueAsync(() => broker.Broker.Inspector.Topics().Any(t => t.Name == "%DLQ%fragile-gateways" && t.Messages == 1), Timeout, "the dead letter");
    }

    [Fact]
    public async Task ASuspendedMessageComesBackLaterWithoutCountingAnAttempt()
    {
        await using var broker = await IntegrationBroker.StartAsync();
        var producer = await broker.CreateProducerAsync("downlink");
        var received = new ReceivedMessages();
        await using var consumer = await broker.CreateLiteConsumerAsync("gateways", (message, _) =>
        {
            received.Add(message);
            return ValueTask.FromResult(received.Count == 1 ? ConsumeResult.Suspend(TimeSpan.FromMilliseconds(300)) : ConsumeResult.Success);
        });
        await consumer.SubscribeLiteAsync("session").WaitAsync(Timeout);
        await SendAsync(producer, "session", "first");
        await SendAsync(producer, "session", "second");

        await received.WaitForCountAsync(3);
        Assert.Equal(["first", "first", "second"], received.Bodies());
        Assert.All(received.Snapshot(), message => Assert.Equal(1, message.DeliveryAttempt));
    }

    [Fact]
    public async Task ASubscribeRightAfterAnUnsubscribeOfTheSameLiteTopicWins()
    {
        await using var broker = await IntegrationBroker.StartAsync();
        var producer = await broker.CreateProducerAsync("downlink");
        var received = new ReceivedMessages();
        await using var consumer = await broker.CreateLiteConsumerAsync("gateways", received.Handler);
        await consumer.SubscribeLiteAsync("flapping").WaitAsync(Timeout);

        // The client dropped and resumed on the same gateway within one round trip.
        var unsubscribe = consumer.UnsubscribeLiteAsync("flapping");
        var subscribe = consumer.SubscribeLiteAsync("flapping");
        await Task.WhenAll(unsubscribe, subscribe).WaitAsync(Timeout);

        Assert.Contains("flapping", consumer.LiteTopics);
        Assert.Equal(1, broker.Broker.Inspector.LiteSubscriptionCount);
        await SendAsync(producer, "flapping", "after the flap");
        await received.WaitForCountAsync(1);
    }

    internal static Task<SendReceipt> SendAsync(Producer producer, string liteTopic, string body, string topic = "downlink") =>
        producer.SendAsync(Message.CreateBuilder().SetTopic(topic).SetLiteTopic(liteTopic).SetBody(Encoding.UTF8.GetBytes(body)).Build()).WaitAsync(Timeout);

    private static long Backlog(IntegrationBroker broker, string liteTopic) =>
        broker.Broker.Inspector.LiteTopics("downlink", 100).SingleOrDefault(t => t.LiteTopic == liteTopic)?.Backlog ?? 0;
}
