using System.Collections.Concurrent;
using VoiceAgent.RocketMQ;
using VoiceAgent.RocketMQ.Protocol;
using VoiceAgent.Tests.RocketMQ.Fakes;
using MessageType = VoiceAgent.RocketMQ.Protocol.MessageType;
using OffsetOption = VoiceAgent.RocketMQ.OffsetOption;

namespace VoiceAgent.Tests.RocketMQ;

public sealed class LitePushConsumerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task StartSyncsTheCompleteSetAndKeepsSyncingItPeriodically()
    {
        await using var server = await StartServerAsync();
        await using var client = TestClients.Create(server);
        await using var consumer = await CreateAsync(client);

        var first = Syncs(server)[0];
        Assert.Equal(LiteSubscriptionAction.CompleteAdd, first.Action);
        Assert.Empty(first.LiteTopicSet);
        Assert.Equal(("gateways", "downlink"), (first.Group.Name, first.Topic.Name));

        await consumer.SubscribeLiteAsync("session-1").WaitAsync(Timeout);
        await Eventually.TrueAsync(
            () => Syncs(server).Any(r => r.Action == LiteSubscriptionAction.CompleteAdd && r.LiteTopicSet.SequenceEqual(["session-1"])),
            "a periodic COMPLETE_ADD with the subscribed lite topic");
    }

    [Fact]
    public async Task SubscribeAndUnsubscribeSendPartialChanges()
    {
        await using var server = await StartServerAsync();
        await using var client = TestClients.Create(server);
        await using var consumer = await CreateAsync(client);

        await consumer.SubscribeLiteAsync("session-1", OffsetOption.Min).WaitAsync(Timeout);
        await consumer.SubscribeLiteAsync("session-2").WaitAsync(Timeout);
        await consumer.SubscribeLiteAsync("session-1").WaitAsync(Timeout);
        Assert.Equal(["session-1", "session-2"], consumer.LiteTopics.Order());
        await consumer.UnsubscribeLiteAsync("session-1").WaitAsync(Timeout);
        await consumer.UnsubscribeLiteAsync("never-subscribed").WaitAsync(Timeout);

        Assert.Equal(["session-2"], consumer.LiteTopics);
        var partial = Syncs(server).Where(r => r.Action != LiteSubscriptionAction.CompleteAdd).ToList();
        Assert.Equal(3, partial.Count);
        Assert.Equal((LiteSubscriptionAction.PartialAdd, "session-1"), (partial[0].Action, partial[0].LiteTopicSet.Single()));
        Assert.Equal(VoiceAgent.RocketMQ.Protocol.OffsetOption.Types.Policy.Min, partial[0].OffsetOption.Policy);
        Assert.Null(partial[1].OffsetOption);
        Assert.Equal((LiteSubscriptionAction.PartialRemove, "session-1"), (partial[2].Action, partial[2].LiteTopicSet.Single()));
    }

    [Fact]
    public async Task TheQuotaIsCheckedLocallyBeforeAskingTheServer()
    {
        await using var server = await StartServerAsync(s => s.LiteSubscriptionQuota = 2);
        await using var client = TestClients.Create(server);
        await using var consumer = await CreateAsync(client);
        await consumer.SubscribeLiteAsync("a").WaitAsync(Timeout);
        await consumer.SubscribeLiteAsync("b").WaitAsync(Timeout);

        var error = await Assert.ThrowsAsync<LiteSubscriptionQuotaExceededException>(() => consumer.SubscribeLiteAsync("c"));

        Assert.Equal(Code.LiteSubscriptionQuotaExceeded, error.StatusCode);
        Assert.Equal(2, Syncs(server).Count(r => r.Action == LiteSubscriptionAction.PartialAdd));
        Assert.Equal(["a", "b"], consumer.LiteTopics.Order());
    }

    [Fact]
    public async Task TheLocalSetChangesOnlyWhenTheServerAccepts()
    {
        await using var server = await StartServerAsync();
        var code = Code.LiteSubscriptionQuotaExceeded;
        server.SyncLiteSubscription = (request, _) => Task.FromResult(new SyncLiteSubscriptionResponse
        {
            Status = request.Action == LiteSubscriptionAction.PartialAdd ? FakeMessagingServer.Error(code, "refused") : FakeMessagingServer.Ok(),
        });
        await using var client = TestClients.Create(server);
        await using var consumer = await CreateAsync(client);

        await Assert.ThrowsAsync<LiteSubscriptionQuotaExceededException>(() => consumer.SubscribeLiteAsync("a"));
        code = Code.IllegalLiteTopic;
        await Assert.ThrowsAsync<IllegalLiteTopicException>(() => consumer.SubscribeLiteAsync("b$"));

        Assert.Empty(consumer.LiteTopics);
    }

    [Fact]
    public async Task NamesTheServerWouldRefuseAreRefusedLocally()
    {
        await using var server = await StartServerAsync();
        await using var client = TestClients.Create(server);
        await using var consumer = await CreateAsync(client);

        await Assert.ThrowsAsync<IllegalLiteTopicException>(() => consumer.SubscribeLiteAsync(" "));
        await Assert.ThrowsAsync<IllegalLiteTopicException>(() => consumer.SubscribeLiteAsync(new string('x', 65)));
        Assert.DoesNotContain(Syncs(server), r => r.Action == LiteSubscriptionAction.PartialAdd);
    }

    [Fact]
    public async Task AServerNotificationRemovesTheLiteTopicLocally()
    {
        await using var server = await StartServerAsync();
        await using var client = TestClients.Create(server);
        await using var consumer = await CreateAsync(client);
        await consumer.SubscribeLiteAsync("session-1").WaitAsync(Timeout);
        await consumer.SubscribeLiteAsync("session-2").WaitAsync(Timeout);

        await server.PushAsync(consumer.ClientId, new TelemetryCommand { NotifyUnsubscribeLiteCommand = new NotifyUnsubscribeLiteCommand { LiteTopic = "session-1" } });

        await Eventually.TrueAsync(() => consumer.LiteTopics.SequenceEqual(["session-2"]), "session-1 to be dropped");
        var syncsBefore = Syncs(server).Count;
        await Eventually.TrueAsync(
            () => Syncs(server).Skip(syncsBefore).Any(r => r.Action == LiteSubscriptionAction.CompleteAdd && r.LiteTopicSet.SequenceEqual(["session-2"])),
            "a COMPLETE_ADD without session-1");
    }

    [Fact]
    public async Task EachLiteTopicIsConsumedInOrderAndSettlementsNameIt()
    {
        await using var server = await StartServerAsync();
        foreach (var i in Enumerable.Range(0, 6))
        {
            server.Deliver(server.CreateDelivery("downlink", $"A:{i}", liteTopic: "A"));
            server.Deliver(server.CreateDelivery("downlink", $"B:{i}", liteTopic: "B"));
        }

        var handled = new ConcurrentQueue<string>();
        await using var client = TestClients.Create(server);
        await using var consumer = await CreateAsync(client, (message, _) =>
        {
            var body = System.Text.Encoding.UTF8.GetString(message.Body.Span);
            handled.Enqueue(body);
            return ValueTask.FromResult(body == "B:5" ? ConsumeResult.Failure : ConsumeResult.Success);
        });
        await consumer.SubscribeLiteAsync("A").WaitAsync(Timeout);
        await consumer.SubscribeLiteAsync("B").WaitAsync(Timeout);

        await Eventually.TrueAsync(
            () => server.Requests<AckMessageRequest>().Count == 11 && server.Requests<ForwardMessageToDeadLetterQueueRequest>().Count == 1,
            "eleven acks and one dead-lettered message");

        Assert.Equal(Enumerable.Range(0, 6).Select(i => $"A:{i}"), handled.Where(h => h.StartsWith("A:", StringComparison.Ordinal)));
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"B:{i}").Concat(["B:5", "B:5", "B:5"]), handled.Where(h => h.StartsWith("B:", StringComparison.Ordinal)));
        Assert.All(server.Requests<AckMessageRequest>(), a => Assert.Contains(a.Entries[0].LiteTopic, new[] { "A", "B" }));
        Assert.Equal("B", server.Requests<ForwardMessageToDeadLetterQueueRequest>()[0].LiteTopic);
        var settings = server.ReceivedSettings.Single(s => s.ClientId == consumer.ClientId).Settings;
        Assert.Equal(ClientType.LitePushConsumer, settings.ClientType);
        Assert.Equal("downlink", settings.Subscription.Subscriptions.Single().Topic.Name);
    }

    [Fact]
    public async Task ASuspendedMessageGoesBackWithSuspendAndItsLiteTopic()
    {
        await using var server = await StartServerAsync();
        server.Deliver(server.CreateDelivery("downlink", "later", liteTopic: "A"));
        await using var client = TestClients.Create(server);
        await using var consumer = await CreateAsync(client, (_, _) => ValueTask.FromResult(ConsumeResult.Suspend(TimeSpan.FromSeconds(3))));
        await consumer.SubscribeLiteAsync("A").WaitAsync(Timeout);

        await Eventually.TrueAsync(() => server.Requests<ChangeInvisibleDurationRequest>().Count == 1, "the suspension");

        var change = server.Requests<ChangeInvisibleDurationRequest>()[0];
        Assert.True(change.Suspend);
        Assert.Equal("A", change.LiteTopic);
        Assert.Equal(TimeSpan.FromSeconds(3), change.InvisibleDuration.ToTimeSpan());
        Assert.Empty(server.Requests<AckMessageRequest>());
    }

    private static List<SyncLiteSubscriptionRequest> Syncs(FakeMessagingServer server) => server.Requests<SyncLiteSubscriptionRequest>();

    private static Task<FakeMessagingServer> StartServerAsync(Action<FakeMessagingServer>? configure = null) =>
        FakeMessagingServer.StartAsync(s =>
        {
            s.Topics["downlink"] = (MessageType.Lite, 1);
            s.Fifo = true;
            configure?.Invoke(s);
        });

    private static Task<LitePushConsumer> CreateAsync(RocketMQClient client, MessageHandler? handler = null) =>
        client.CreateLitePushConsumerAsync(
            new LitePushConsumerOptions { ConsumerGroup = "gateways", BindTopic = "downlink" },
            handler ?? ((_, _) => ValueTask.FromResult(ConsumeResult.Success))).WaitAsync(Timeout);
}
