using System.Buffers;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using VoiceAgent.Broker;
using VoiceAgent.Grpc;
using VoiceAgent.RocketMQ.Protocol;
using ContentCase = VoiceAgent.RocketMQ.Protocol.ReceiveMessageResponse.ContentOneofCase;

namespace VoiceAgent.Tests.Broker;

/// <summary>The broker over real sockets, driven with the raw protocol.</summary>
public sealed class BrokerProtocolTests
{
    private static Task<EmbeddedBroker> StartAsync(Action<VoiceAgent.Broker.Configuration.BrokerOptions>? configure = null) =>
        EmbeddedBroker.StartAsync(
            options =>
            {
                options.Topics.AddRange(["orders", "uplink:FIFO", "downlink:LITE:expiration=10m"]);
                options.Groups.AddRange(["processor:FIFO", "gateway:lite-bind=downlink"]);
                options.MinInvisibleTime = TimeSpan.Zero;
                configure?.Invoke(options);
            }).WaitAsync(TimeSpan.FromSeconds(30));

    [Fact]
    public async Task QueryRoutePointsBackAtTheBrokerWithEveryQueueAndTheAcceptedType()
    {
        await using var broker = await StartAsync();
        await using var client = new RawClient(broker);

        var route = await client.QueryRouteAsync("downlink");
        Assert.Equal(Code.Ok, route.Status.Code);
        Assert.Equal(Enumerable.Range(0, 4), route.MessageQueues.Select(queue => queue.Id));
        Assert.All(route.MessageQueues, queue =>
        {
            Assert.Equal(Permission.ReadWrite, queue.Permission);
            Assert.Equal([MessageType.Lite], queue.AcceptMessageTypes);
            Assert.Equal(broker.GrpcEndpoint.Port, queue.Broker.Endpoints.Addresses[0].Port);
        });

        Assert.Equal(Code.TopicNotFound, (await client.QueryRouteAsync("missing")).Status.Code);
        Assert.Equal(Code.IllegalTopic, (await client.QueryRouteAsync("bad name")).Status.Code);
    }

    [Fact]
    public async Task SettingsRepliesCarryWhatTheOfficialClientsNeed()
    {
        await using var broker = await StartAsync();
        await using var producer = new RawClient(broker);
        var published = (await producer.ConnectAsync(ClientType.Producer, topics: "orders")).Settings;
        Assert.Equal(4 * 1024 * 1024, published.Publishing.MaxBodySize);
        Assert.True(published.Publishing.ValidateMessageType);
        Assert.Equal(RetryPolicy.StrategyOneofCase.ExponentialBackoff, published.BackoffPolicy.StrategyCase);
        Assert.False(published.Metric.On);

        await using var consumer = new RawClient(broker);
        var fifo = (await consumer.ConnectAsync(ClientType.PushConsumer, "processor", "uplink")).Settings;
        Assert.True(fifo.Subscription.Fifo);
        Assert.Equal(32, fifo.Subscription.ReceiveBatchSize);
        Assert.Equal(TimeSpan.FromSeconds(20), fifo.Subscription.LongPollingTimeout.ToTimeSpan());
        Assert.Equal(17, fifo.BackoffPolicy.MaxAttempts);
        Assert.Equal(RetryPolicy.StrategyOneofCase.ExponentialBackoff, fifo.BackoffPolicy.StrategyCase);

        await using var lite = new RawClient(broker);
        var liteSettings = (await lite.ConnectAsync(ClientType.LitePushConsumer, "gateway", "downlink")).Settings;
        Assert.Equal(2000, liteSettings.Subscription.LiteSubscriptionQuota);
        Assert.Equal(64, liteSettings.Subscription.MaxLiteTopicSize);

        await using var confused = new RawClient(broker);
        Assert.Equal(Code.IllegalConsumerGroup, (await confused.ConnectAsync(ClientType.LitePushConsumer, "processor", "uplink")).Status.Code);
    }

    [Fact]
    public async Task HeartbeatsNeedSettingsFirst()
    {
        await using var broker = await StartAsync();
        await using var client = new RawClient(broker);
        Assert.Equal(Code.UnrecognizedClientType, (await client.HeartbeatAsync(ClientType.SimpleConsumer, "readers")).Status.Code);
        await client.ConnectAsync(ClientType.SimpleConsumer, "readers", "orders");
        Assert.Equal(Code.Ok, (await client.HeartbeatAsync(ClientType.SimpleConsumer, "readers")).Status.Code);
        Assert.Equal(Code.ClientIdRequired, (await client.UnaryAsync(MessagingService.Heartbeat, new HeartbeatRequest(), withClientId: false)).Status.Code);
    }

    [Fact]
    public async Task AReceiveStreamsStatusThenMessagesThenTheDeliveryTimestamp()
    {
        await using var broker = await StartAsync();
        await using var client = new RawClient(broker);
        await client.ConnectAsync(ClientType.SimpleConsumer, "readers", "orders");

        var empty = await client.ReceiveAsync("readers", "orders", poll: TimeSpan.FromMilliseconds(200));
        Assert.Equal([ContentCase.Status, ContentCase.DeliveryTimestamp], empty.Shape);
        Assert.Equal(Code.MessageNotFound, empty.Status.Code);

        var sent = await client.SendAsync("orders", "first");
        Assert.Equal(Code.Ok, sent.Status.Code);
        Assert.Equal(Code.Ok, (await client.SendAsync("orders", "second")).Status.Code);

        var received = await client.ReceiveAsync("readers", "orders");
        Assert.Equal([ContentCase.Status, ContentCase.Message, ContentCase.Message, ContentCase.DeliveryTimestamp], received.Shape);
        Assert.Equal(Code.Ok, received.Status.Code);
        Assert.Equal(["first", "second"], received.Messages.Select(message => message.Body.ToStringUtf8()).Order());
        Assert.All(received.Messages, message => Assert.Equal(DigestType.Md5, message.SystemProperties.BodyDigest.Type));

        foreach (var message in received.Messages)
        {
            Assert.Equal(Code.Ok, (await client.AckAsync("readers", message)).Status.Code);
        }

        Assert.Equal(Code.InvalidReceiptHandle, (await client.AckAsync("readers", received.Messages[0])).Status.Code);
    }

    [Fact]
    public async Task ReceiveRequestsAreValidated()
    {
        await using var broker = await StartAsync(options => options.MinInvisibleTime = TimeSpan.FromSeconds(10));
        await using var client = new RawClient(broker);
        Assert.Equal(Code.UnrecognizedClientType, (await client.ReceiveAsync("readers", "orders")).Status.Code);
        await client.ConnectAsync(ClientType.SimpleConsumer, "readers", "orders");
        Assert.Equal(Code.IllegalInvisibleTime, (await client.ReceiveAsync("readers", "orders", invisible: TimeSpan.FromSeconds(1))).Status.Code);
        Assert.Equal(Code.TopicNotFound, (await client.ReceiveAsync("readers", "nowhere")).Status.Code);
        Assert.Equal(Code.BadRequest, (await client.ReceiveAsync("readers", "orders", batch: 0)).Status.Code);
        Assert.Equal(Code.IllegalConsumerGroup, (await client.ReceiveAsync("readers", "downlink")).Status.Code);
    }

    [Fact]
    public async Task ATelemetryStreamWithAnOversizedCommandEndsWithAnErrorStatus()
    {
        await using var broker = await StartAsync(options => options.MaxBodySize = 1024);
        await using var client = new RawClient(broker);
        using var call = client.OpenTelemetry();
        var huge = new TelemetryCommand { Settings = new Settings { UserAgent = new UA { Hostname = new string('h', 512 * 1024) } } };
        try
        {
            await call.RequestStream.WriteAsync(huge).WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (Exception exception) when (exception is InvalidOperationException or RpcException)
        {
            // The broker may end the stream before the whole frame is written; its status is what matters.
        }

        var status = GrpcStatusCode.OK;
        try
        {
            while (await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)))
            {
            }
        }
        catch (RpcException exception)
        {
            status = exception.StatusCode;
        }

        Assert.NotEqual(GrpcStatusCode.OK, status);
    }

    [Fact]
    public async Task DurationsOutOfRangeGetAProtocolStatusInsteadOfAnInternalError()
    {
        await using var broker = await StartAsync();
        await using var client = new RawClient(broker);
        await client.ConnectAsync(ClientType.SimpleConsumer, "readers", "orders");
        var badPoll = await client.ReceiveAsync("readers", "orders", edit: r => r.LongPollingTimeout = new Duration { Seconds = 1, Nanos = -1 });
        Assert.Equal(Code.IllegalPollingTime, badPoll.Status.Code);
        var badInvisible = await client.ReceiveAsync("readers", "orders", edit: r => r.InvisibleDuration = new Duration { Seconds = long.MaxValue });
        Assert.Equal(Code.IllegalInvisibleTime, badInvisible.Status.Code);

        var changed = await client.UnaryAsync(MessagingService.ChangeInvisibleDuration, new ChangeInvisibleDurationRequest
        {
            Group = new Resource { Name = "readers" },
            Topic = new Resource { Name = "orders" },
            ReceiptHandle = "whatever",
            MessageId = "m",
            InvisibleDuration = new Duration { Seconds = -1, Nanos = 5 },
        });
        Assert.Equal(Code.IllegalInvisibleTime, changed.Status.Code);
    }

    [Fact]
    public async Task LiteMessagesReachTheSubscriberOverTheWire()
    {
        await using var broker = await StartAsync();
        await using var gateway = new RawClient(broker);
        await gateway.ConnectAsync(ClientType.LitePushConsumer, "gateway", "downlink");
        Assert.Equal(Code.Ok, (await gateway.SyncLiteAsync("gateway", "downlink", LiteSubscriptionAction.CompleteAdd)).Status.Code);
        Assert.Equal(Code.Ok, (await gateway.SyncLiteAsync("gateway", "downlink", LiteSubscriptionAction.PartialAdd, "session-1")).Status.Code);
        Assert.Equal(Code.IllegalTopic, (await gateway.SyncLiteAsync("gateway", "orders", LiteSubscriptionAction.PartialAdd, "x")).Status.Code);

        await using var processor = new RawClient(broker);
        Assert.Equal(Code.Ok, (await processor.SendAsync("downlink", "delta", liteTopic: "session-1")).Status.Code);
        Assert.Equal(Code.IllegalLiteTopic, (await processor.SendAsync("downlink", "delta", liteTopic: "bad@name")).Status.Code);

        var received = await gateway.ReceiveAsync("gateway", "downlink", autoRenew: true, poll: TimeSpan.FromSeconds(5));
        var message = Assert.Single(received.Messages);
        Assert.Equal("session-1", message.SystemProperties.LiteTopic);
        Assert.Equal(MessageType.Lite, message.SystemProperties.MessageType);
        Assert.Equal(Code.Ok, (await gateway.AckAsync("gateway", message)).Status.Code);

        var lite = Assert.Single(broker.Inspector.LiteTopics("downlink"));
        Assert.Equal(("session-1", 0L), (lite.LiteTopic, lite.Backlog));
        Assert.Equal(gateway.ClientId, Assert.Single(lite.Subscribers).ClientId);
    }

    [Fact]
    public async Task ClosingTheTelemetryStreamDropsTheClientsLiteSubscriptions()
    {
        await using var broker = await StartAsync();
        await using var gateway = new RawClient(broker);
        await gateway.ConnectAsync(ClientType.LitePushConsumer, "gateway", "downlink");
        await gateway.SyncLiteAsync("gateway", "downlink", LiteSubscriptionAction.PartialAdd, "a", "b");
        Assert.Equal(2, broker.Inspector.LiteSubscriptionCount);
        await gateway.CloseTelemetryAsync();
        await Eventually.TrueAsync(() => broker.Inspector.LiteSubscriptionCount == 0, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task MessagesOfAClientThatVanishesAreRedeliveredToAnother()
    {
        await using var broker = await StartAsync(options => options.ClientTimeout = TimeSpan.FromSeconds(1));
        await using var vanishing = new RawClient(broker);
        await vanishing.ConnectAsync(ClientType.PushConsumer, "workers", "orders");
        await vanishing.SendAsync("orders", "job");
        Assert.Single((await vanishing.ReceiveAsync("workers", "orders", autoRenew: true)).Messages);

        await using var survivor = new RawClient(broker);
        await survivor.ConnectAsync(ClientType.PushConsumer, "workers", "orders");
        Message? redelivered = null;
        await Eventually.TrueAsync(
            () =>
            {
                var received = survivor.ReceiveAsync("workers", "orders", autoRenew: true, poll: TimeSpan.FromMilliseconds(200)).GetAwaiter().GetResult();
                _ = survivor.HeartbeatAsync(ClientType.PushConsumer, "workers").GetAwaiter().GetResult();
                redelivered = received.Messages.FirstOrDefault();
                return redelivered is not null;
            },
            TimeSpan.FromSeconds(20));
        Assert.Equal("job", redelivered!.Body.ToStringUtf8());
        Assert.Equal(2, redelivered.SystemProperties.DeliveryAttempt);
    }

    [Fact]
    public async Task UnsupportedCallsSaySo()
    {
        await using var broker = await StartAsync();
        await using var client = new RawClient(broker);
        var offset = await client.UnaryAsync(MessagingService.GetOffset, new GetOffsetRequest());
        Assert.Equal(Code.Unsupported, offset.Status.Code);
        Assert.Contains("not supported", offset.Status.Message, StringComparison.Ordinal);
        Assert.Equal(Code.Unsupported, (await client.UnaryAsync(MessagingService.EndTransaction, new EndTransactionRequest())).Status.Code);
        Assert.Equal(Code.Unsupported, (await client.UnaryAsync(MessagingService.RecallMessage, new RecallMessageRequest())).Status.Code);
    }

    [Fact]
    public async Task AnOversizedRequestIsRefusedAndTheBrokerKeepsServing()
    {
        await using var broker = await StartAsync(options => options.MaxBodySize = 64 * 1024);
        await using var client = new RawClient(broker);
        var tooLarge = await client.SendAsync("orders", string.Empty, size: 65 * 1024);
        Assert.Equal(Code.MessageBodyTooLarge, tooLarge.Status.Code);

        var error = await Assert.ThrowsAsync<RpcException>(() => client.SendAsync("orders", string.Empty, size: 512 * 1024));
        Assert.Equal(GrpcStatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal(Code.Ok, (await client.SendAsync("orders", "still here")).Status.Code);
    }

    [Fact]
    public async Task AMalformedRequestFailsAloneAndTheBrokerKeepsServing()
    {
        await using var broker = await StartAsync();
        await using var client = new RawClient(broker);
        var garbage = new Method<byte[], QueryRouteResponse>(
            MethodType.Unary,
            MessagingService.ServiceName,
            "QueryRoute",
            new Marshaller<byte[]>((bytes, writer) => writer.Write(bytes), payload => BuffersExtensions.ToArray(payload)),
            ProtobufMarshaller.For<QueryRouteResponse>());
        using var channel = GrpcChannel.ForAddress(broker.GrpcEndpoint);
        var error = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(garbage, [0xFF, 0xFF, 0xFF, 0xFF, 0x0F], client.Call()).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(GrpcStatusCode.Internal, error.StatusCode);

        var unknown = new Method<QueryRouteRequest, QueryRouteResponse>(
            MethodType.Unary, MessagingService.ServiceName, "NoSuchMethod", ProtobufMarshaller.For<QueryRouteRequest>(), ProtobufMarshaller.For<QueryRouteResponse>());
        var unimplemented = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(unknown, new QueryRouteRequest(), client.Call()).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(GrpcStatusCode.Unimplemented, unimplemented.StatusCode);

        Assert.Equal(Code.Ok, (await client.QueryRouteAsync("orders")).Status.Code);
    }

    [Fact]
    public async Task SignedRequestsPassAndOthersAreRefused()
    {
        await using var broker = await StartAsync(options =>
        {
            options.AccessKey = "AK";
            options.SecretKey = "SK-secret";
        });
        await using var signed = new RawClient(broker, accessKey: "AK", secretKey: "SK-secret");
        Assert.Equal(Code.Ok, (await signed.QueryRouteAsync("orders")).Status.Code);
        Assert.Equal(Code.Ok, (await signed.ConnectAsync(ClientType.Producer, topics: "orders")).Status.Code);
        Assert.Equal(Code.Ok, (await signed.SendAsync("orders", "x")).Status.Code);

        await using var wrongSecret = new RawClient(broker, accessKey: "AK", secretKey: "nope");
        Assert.Equal(Code.Unauthorized, (await wrongSecret.QueryRouteAsync("orders")).Status.Code);
        Assert.Equal(Code.Unauthorized, (await wrongSecret.SendAsync("orders", "x")).Status.Code);
        Assert.Equal(Code.Unauthorized, (await wrongSecret.ConnectAsync(ClientType.Producer, topics: "orders")).Status.Code);

        await using var wrongKey = new RawClient(broker, accessKey: "other", secretKey: "SK-secret");
        Assert.Equal(Code.Unauthorized, (await wrongKey.QueryRouteAsync("orders")).Status.Code);

        await using var unsigned = new RawClient(broker);
        Assert.Equal(Code.Unauthorized, (await unsigned.QueryRouteAsync("orders")).Status.Code);

        await using var stale = new RawClient(broker, accessKey: "AK", secretKey: "SK-secret") { SigningTime = DateTime.UtcNow.AddHours(-1) };
        var refused = await stale.QueryRouteAsync("orders");
        Assert.Equal(Code.Unauthorized, refused.Status.Code);
        Assert.DoesNotContain("SK-secret", refused.Status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheAdminApiServesJsonOnItsOwnPort()
    {
        await using var broker = await StartAsync();
        await using var client = new RawClient(broker);
        await client.ConnectAsync(ClientType.LitePushConsumer, "gateway", "downlink");
        await client.SyncLiteAsync("gateway", "downlink", LiteSubscriptionAction.PartialAdd, "s1");
        await client.SendAsync("downlink", "x", liteTopic: "s1");
        await client.SendAsync("downlink", "y", liteTopic: "s1");

        using var http = new HttpClient { BaseAddress = broker.AdminEndpoint };
        using var liteTopics = JsonDocument.Parse(await http.GetStringAsync("/api/lite-topics?parent=downlink&top=20"));
        var first = liteTopics.RootElement[0];
        Assert.Equal("downlink", first.GetProperty("parentTopic").GetString());
        Assert.Equal("s1", first.GetProperty("liteTopic").GetString());
        Assert.Equal(2, first.GetProperty("backlog").GetInt64());
        Assert.True(first.GetProperty("oldestMessageAgeMs").GetInt64() >= 0);
        Assert.True(first.TryGetProperty("lastWriteTime", out _));
        Assert.Equal(client.ClientId, first.GetProperty("subscribers")[0].GetProperty("clientId").GetString());
        Assert.True(first.GetProperty("subscribers")[0].TryGetProperty("address", out _));

        using var clients = JsonDocument.Parse(await http.GetStringAsync("/api/clients"));
        var info = clients.RootElement[0];
        Assert.Equal(client.ClientId, info.GetProperty("clientId").GetString());
        Assert.Equal("LitePushConsumer", info.GetProperty("clientType").GetString());
        Assert.Equal("gateway", info.GetProperty("group").GetString());
        Assert.Equal(1, info.GetProperty("subscriptionCount").GetInt32());

        Assert.Contains("Healthy", await http.GetStringAsync("/health"), StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync("/api/lite-topics?parent=orders")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/api/topics")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/api/groups")).StatusCode);

        var put = await http.PutAsJsonAsync("/api/lite-topics/downlink/s1/alert-threshold", new { threshold = 1 });
        Assert.Equal(System.Net.HttpStatusCode.NoContent, put.StatusCode);
        using var alerts = JsonDocument.Parse(await http.GetStringAsync("/api/alerts"));
        Assert.Equal("s1", alerts.RootElement[0].GetProperty("liteTopic").GetString());
    }

    [Fact]
    public async Task WithAnAdminKeyOnlyCallersThatSendItChangeThresholds()
    {
        await using var broker = await StartAsync(options => options.AdminKey = "admin-secret");
        using var http = new HttpClient { BaseAddress = broker.AdminEndpoint };
        const string Path = "/api/lite-topics/downlink/s1/alert-threshold";

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await http.PutAsJsonAsync(Path, new { threshold = 1 })).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await http.DeleteAsync(Path)).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/api/alerts")).StatusCode);

        http.DefaultRequestHeaders.Add("X-Admin-Key", "admin-secret");
        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await http.PutAsJsonAsync(Path, new { threshold = 1 })).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await http.PutAsJsonAsync("/api/lite-topics/downlink/not%20valid/alert-threshold", new { threshold = 1 })).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await http.DeleteAsync(Path)).StatusCode);
    }

    [Fact]
    public async Task ConsumerGroupsCreatedOnFirstUseAreCappedAndSettlingNeverCreatesOne()
    {
        await using var broker = await StartAsync(options => options.MaxConsumerGroups = 2);
        await using var client = new RawClient(broker);
        await client.ConnectAsync(ClientType.SimpleConsumer, "readers", "orders");
        Assert.Equal(Code.MessageNotFound, (await client.ReceiveAsync("readers", "orders", poll: TimeSpan.Zero)).Status.Code);
        Assert.Equal(Code.MessageNotFound, (await client.ReceiveAsync("second", "orders", poll: TimeSpan.Zero)).Status.Code);
        Assert.Equal(Code.Forbidden, (await client.ReceiveAsync("third", "orders", poll: TimeSpan.Zero)).Status.Code);

        var ack = await client.UnaryAsync(MessagingService.AckMessage, new AckMessageRequest
        {
            Group = new Resource { Name = "never-seen" },
            Topic = new Resource { Name = "orders" },
            Entries = { new AckMessageEntry { MessageId = "m", ReceiptHandle = "h" } },
        });
        Assert.Equal(Code.InvalidReceiptHandle, ack.Status.Code);
        Assert.DoesNotContain(broker.Inspector.Groups(), group => group.Name == "never-seen");
    }

    [Fact]
    public async Task TheBrokerStartsInWellUnderASecond()
    {
        await using (await StartAsync())
        {
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        await using var broker = await StartAsync();
        watch.Stop();
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"started in {watch.Elapsed}");
    }
}
