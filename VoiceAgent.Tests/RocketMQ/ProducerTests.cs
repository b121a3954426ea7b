using System.Security.Cryptography;
using System.Text;
using VoiceAgent.Grpc;
using VoiceAgent.RocketMQ;
using VoiceAgent.RocketMQ.Protocol;
using VoiceAgent.Tests.RocketMQ.Fakes;
using Message = VoiceAgent.RocketMQ.Message;
using MessageType = VoiceAgent.RocketMQ.MessageType;
using Encoding = System.Text.Encoding;
using Proto = VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.Tests.RocketMQ;

public sealed class ProducerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ASendCarriesTheOfficialHeadersAndASignatureTheServerCanVerify()
    {
        await using var server = await FakeMessagingServer.StartAsync(s => s.Topics["orders"] = (Proto.MessageType.Normal, 4));
        await using var client = TestClients.Create(server, o =>
        {
            o.Namespace = "ns1";
            o.AccessKey = "ak";
            o.SecretKey = "secret";
        });
        await using var producer = await client.CreateProducerAsync(new ProducerOptions { Topics = ["orders"] }).WaitAsync(Timeout);

        var message = Message.CreateBuilder()
            .SetTopic("orders")
            .SetBody(Encoding.UTF8.GetBytes("hello"))
            .SetTag("created")
            .SetKeys("order-1")
            .AddProperty("source", "test")
            .Build();
        var receipt = await producer.SendAsync(message).WaitAsync(Timeout);

        var call = Assert.Single(server.CallsOf("SendMessage"));
        var sent = Assert.Single(((SendMessageRequest)call.Request).Messages);
        Assert.Equal(new Resource { ResourceNamespace = "ns1", Name = "orders" }, sent.Topic);
        Assert.Equal("hello", sent.Body.ToStringUtf8());
        Assert.Matches("^01[0-9A-F]{32}$", sent.SystemProperties.MessageId);
        Assert.Equal(receipt.MessageId, sent.SystemProperties.MessageId);
        Assert.Equal("created", sent.SystemProperties.Tag);
        Assert.Equal(["order-1"], sent.SystemProperties.Keys);
        Assert.Equal("test", sent.UserProperties["source"]);
        Assert.Equal(Proto.MessageType.Normal, sent.SystemProperties.MessageType);
        Assert.Equal(ClientIdentity.HostName, sent.SystemProperties.BornHost);
        Assert.InRange(sent.SystemProperties.QueueId, 0, 3);
        Assert.Equal(sent.SystemProperties.QueueId, receipt.QueueId);

        var headers = call.Headers;
        Assert.Equal("v2", headers.GetValue("x-mq-protocol"));
        Assert.Equal("DOTNET", headers.GetValue("x-mq-language"));
        Assert.Equal(producer.ClientId, headers.GetValue("x-mq-client-id"));
        Assert.Equal("ns1", headers.GetValue("x-mq-namespace"));
        Assert.True(Guid.TryParse(headers.GetValue("x-mq-request-id"), out _));
        var dateTime = headers.GetValue("x-mq-date-time")!;
        Assert.Matches("^[0-9]{8}T[0-9]{6}Z$", dateTime);
        var signature = Convert.ToHexString(HMACSHA1.HashData(Encoding.UTF8.GetBytes("secret"), Encoding.UTF8.GetBytes(dateTime)));
        Assert.Equal($"MQv2-HMAC-SHA1 Credential=ak, SignedHeaders=x-mq-date-time, Signature={signature}", headers.GetValue("authorization"));
    }

    [Fact]
    public async Task StartingQueriesTheRouteThenExchangesSettingsOnTelemetry()
    {
        await using var server = await FakeMessagingServer.StartAsync(s => s.Topics["orders"] = (Proto.MessageType.Normal, 1));
        await using var client = TestClients.Create(server);
        await using var producer = await client.CreateProducerAsync(new ProducerOptions { Topics = ["orders"] }).WaitAsync(Timeout);

        var methods = server.Calls.Select(c => c.Method).ToList();
        Assert.Equal("QueryRoute", methods[0]);
        Assert.Equal("Telemetry", methods[1]);
        var (clientId, settings) = Assert.Single(server.ReceivedSettings);
        Assert.Equal(producer.ClientId, clientId);
        Assert.Equal(ClientType.Producer, settings.ClientType);
        Assert.Equal(["orders"], settings.Publishing.Topics.Select(t => t.Name));
        Assert.Equal(Language.DotNet, settings.UserAgent.Language);
        Assert.Equal(server.Port, settings.AccessPoint.Addresses[0].Port);
    }

    [Fact]
    public async Task SeveralMessagesGoInOneRequestWithOneReceiptEach()
    {
        await using var server = await FakeMessagingServer.StartAsync(s => s.Topics["orders"] = (Proto.MessageType.Normal, 2));
        await using var client = TestClients.Create(server);
        await using var producer = await client.CreateProducerAsync().WaitAsync(Timeout);

        var messages = Enumerable.Range(0, 5).Select(i => Message.CreateBuilder().SetTopic("orders").SetBody([(byte)i]).Build()).ToList();
        var receipts = await producer.SendAsync(messages).WaitAsync(Timeout);

        var request = (SendMessageRequest)Assert.Single(server.CallsOf("SendMessage")).Request;
        Assert.Equal(5, request.Messages.Count);
        Assert.Equal(request.Messages.Select(m => m.SystemProperties.MessageId), receipts.Select(r => r.MessageId));
        Assert.Equal(5, receipts.Select(r => r.MessageId).Distinct().Count());
    }

    [Fact]
    public async Task MixedBatchesAreRefusedBeforeAnythingIsSent()
    {
        await using var server = await FakeMessagingServer.StartAsync(s => s.Topics["orders"] = (Proto.MessageType.Fifo, 2));
        await using var client = TestClients.Create(server);
        await using var producer = await client.CreateProducerAsync().WaitAsync(Timeout);

        await Assert.ThrowsAsync<ArgumentException>(() => producer.SendAsync(
        [
            Message.CreateBuilder().SetTopic("orders").SetBody([1]).SetMessageGroup("a").Build(),
            Message.CreateBuilder().SetTopic("orders").SetBody([1]).SetMessageGroup("b").Build(),
        ]));
        await Assert.ThrowsAsync<ArgumentException>(() => producer.SendAsync(
        [
            Message.CreateBuilder().SetTopic("orders").SetBody([1]).SetMessageGroup("a").Build(),
            Message.CreateBuilder().SetTopic("other").SetBody([1]).SetMessageGroup("a").Build(),
        ]));
        Assert.Empty(server.CallsOf("SendMessage"));
    }

    [Fact]
    public async Task FifoMessagesOfAGroupAlwaysGoToTheQueueTheOfficialClientsPick()
    {
        await using var server = await FakeMessagingServer.StartAsync(s => s.Topics["uplink"] = (Proto.MessageType.Fifo, 8));
        await using var client = TestClients.Create(server);
        await using var producer = await client.CreateProducerAsync(new ProducerOptions { Topics = ["uplink"] }).WaitAsync(Timeout);

        for (var i = 0; i < 20; i++)
        {
            var group = $"session-{i % 5}";
            var receipt = await producer.SendAsync(Message.CreateBuilder().SetTopic("uplink").SetBody([1]).SetMessageGroup(group).Build()).WaitAsync(Timeout);
            Assert.Equal(SipHash24.QueueIndex(group, 8), receipt.QueueId);
        }

        var sent = server.Requests<SendMessageRequest>().Select(r => r.Messages[0].SystemProperties).ToList();
        Assert.All(sent, p => Assert.Equal(Proto.MessageType.Fifo, p.MessageType));
        Assert.All(sent, p => Assert.StartsWith("session-", p.MessageGroup, StringComparison.Ordinal));
    }

    [Fact]
    public async Task LiteAndDelayedMessagesCarryTheirSystemProperties()
    {
        await using var server = await FakeMessagingServer.StartAsync(s =>
        {
            s.Topics["downlink"] = (Proto.MessageType.Lite, 1);
            s.Topics["reminders"] = (Proto.MessageType.Delay, 1);
        });
        await using var client = TestClients.Create(server);
        await using var producer = await client.CreateProducerAsync().WaitAsync(Timeout);
        var at = DateTimeOffset.UtcNow.AddMinutes(5);

        await producer.SendAsync(Message.CreateBuilder().SetTopic("downlink").SetBody([1]).SetLiteTopic("session-42").Build()).WaitAsync(Timeout);
        await producer.SendAsync(Message.CreateBuilder().SetTopic("reminders").SetBody([1]).SetDeliveryTimestamp(at).Build()).WaitAsync(Timeout);

        var requests = server.Requests<SendMessageRequest>();
        var lite = requests[0].Messages[0].SystemProperties;
        Assert.Equal(Proto.MessageType.Lite, lite.MessageType);
        Assert.Equal("session-42", lite.LiteTopic);
        var delayed = requests[1].Messages[0].SystemProperties;
        Assert.Equal(Proto.MessageType.Delay, delayed.MessageType);
        Assert.Equal(at.ToUnixTimeMilliseconds(), delayed.DeliveryTimestamp.ToDateTimeOffset().ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task FlowControlIsRetriedAfterTheServersBackoff()
    {
        var calls = 0;
        await using var server = await FakeMessagingServer.StartAsync(s =>
        {
            s.Topics["orders"] = (Proto.MessageType.Normal, 1);
            s.ProducerBackoff = new Proto.RetryPolicy
            {
                MaxAttempts = 3,
                ExponentialBackoff = new ExponentialBackoff
                {
                    Initial = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromMilliseconds(150)),
                    Max = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(1)),
                    Multiplier = 2,
                },
            };
        });
        var accept = server.SendMessage;
        server.SendMessage = (request, context) => Interlocked.Increment(ref calls) <= 2
            ? Task.FromResult(new SendMessageResponse { Status = FakeMessagingServer.Error(Code.TooManyRequests, "slow down") })
            : accept(request, context);
        await using var client = TestClients.Create(server);
        await using var producer = await client.CreateProducerAsync(new ProducerOptions { Topics = ["orders"], MaxAttempts = 3 }).WaitAsync(Timeout);

        var started = DateTime.UtcNow;
        await producer.SendAsync(Message.CreateBuilder().SetTopic("orders").SetBody([1]).Build()).WaitAsync(Timeout);

        Assert.Equal(3, calls);
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(400), "two backoff delays of 150 ms and 300 ms");
    }

    [Fact]
    public async Task ThrottlingThatOutlastsTheAttemptsSurfacesAsTooManyRequests()
    {
        await using var server = await FakeMessagingServer.StartAsync(s => s.Topics["orders"] = (Proto.MessageType.Normal, 1));
        server.SendMessage = (_, _) => Task.FromResult(new SendMessageResponse { Status = FakeMessagingServer.Error(Code.TooManyRequests, "slow down") });
        await using var client = TestClients.Create(server);
        await using var producer = await client.CreateProducerAsync(new ProducerOptions { MaxAttempts = 2 }).WaitAsync(Timeout);

        var error = await Assert.ThrowsAsync<TooManyRequestsException>(() => producer.SendAsync(Message.CreateBuilder().SetTopic("orders").SetBody([1]).Build()));

        Assert.Equal(Code.TooManyRequests, error.StatusCode);
        Assert.Equal(2, server.CallsOf("SendMessage").Count);
    }

    [Fact]
    public async Task AFailedSendMovesToAnotherBroker()
    {
        await using var healthy = await FakeMessagingServer.StartAsync(s => s.Topics["orders"] = (Proto.MessageType.Normal, 1));
        await using var failing = await FakeMessagingServer.StartAsync(s => s.Topics["orders"] = (Proto.MessageType.Normal, 1));
        failing.SendMessage = (_, _) => Task.FromResult(new SendMessageResponse { Status = FakeMessagingServer.Error(Code.InternalServerError, "disk full") });
        Task<QueryRouteResponse> TwoBrokers(QueryRouteRequest request, ServerCallContext context)
        {
            var response = new QueryRouteResponse { Status = FakeMessagingServer.Ok() };
            response.MessageQueues.Add(FakeMessagingServer.Queue("orders", 0, Proto.MessageType.Normal, "broker-a", failing.Port));
            response.MessageQueues.Add(FakeMessagingServer.Queue("orders", 0, Proto.MessageType.Normal, "broker-b", healthy.Port));
            return Task.FromResult(response);
        }

        failing.QueryRoute = TwoBrokers;
        healthy.QueryRoute = TwoBrokers;
        await using var client = TestClients.Create(failing);
        await using var producer = await client.CreateProducerAsync(new ProducerOptions { Topics = ["orders"] }).WaitAsync(Timeout);

        for (var i = 0; i < 6; i++)
        {
            await producer.SendAsync(Message.CreateBuilder().SetTopic("orders").SetBody([(byte)i]).Build()).WaitAsync(Timeout);
        }

        Assert.Equal(6, healthy.CallsOf("SendMessage").Count);
        Assert.InRange(failing.CallsOf("SendMessage").Count, 0, 1);
    }

    [Fact]
    public async Task ErrorsThatRetryingCannotFixFailAtOnceWithTypedExceptions()
    {
        await using var server = await FakeMessagingServer.StartAsync(s => s.Topics["downlink"] = (Proto.MessageType.Lite, 1));
        var code = Code.LiteTopicQuotaExceeded;
        server.SendMessage = (request, _) =>
        {
            var response = new SendMessageResponse { Status = FakeMessagingServer.Ok() };
            response.Entries.Add(new SendResultEntry { Status = FakeMessagingServer.Error(code, "no") });
            return Task.FromResult(response);
        };
        await using var client = TestClients.Create(server);
        await using var producer = await client.CreateProducerAsync().WaitAsync(Timeout);
        Message Lite(string liteTopic) => Message.CreateBuilder().SetTopic("downlink").SetBody([1]).SetLiteTopic(liteTopic).Build();

        var quota = await Assert.ThrowsAsync<LiteTopicQuotaExceededException>(() => producer.SendAsync(Lite("s1")));
        code = Code.IllegalLiteTopic;
        await Assert.ThrowsAsync<IllegalLiteTopicException>(() => producer.SendAsync(Lite("bad$name")));

        Assert.Equal(Code.LiteTopicQuotaExceeded, quota.StatusCode);
        Assert.False(string.IsNullOrEmpty(quota.RequestId));
        Assert.Equal(2, server.CallsOf("SendMessage").Count);
    }

    [Fact]
    public async Task AnUnknownTopicFailsWithTopicNotFound()
    {
        await using var server = await FakeMessagingServer.StartAsync();
        await using var client = TestClients.Create(server);

        await Assert.ThrowsAsync<TopicNotFoundException>(() => client.CreateProducerAsync(new ProducerOptions { Topics = ["missing"] }).WaitAsync(Timeout));
        await using var producer = await client.CreateProducerAsync().WaitAsync(Timeout);
        await Assert.ThrowsAsync<TopicNotFoundException>(() => producer.SendAsync(Message.CreateBuilder().SetTopic("missing").SetBody([1]).Build()));
    }

    [Fact]
    public async Task TheServersBodyLimitAndTopicTypesAreCheckedBeforeSending()
    {
        await using var server = await FakeMessagingServer.StartAsync(s =>
        {
            s.Topics["orders"] = (Proto.MessageType.Normal, 1);
            s.MaxBodySize = 10;
        });
        await using var client = TestClients.Create(server);
        await using var producer = await client.CreateProducerAsync(new ProducerOptions { Topics = ["orders"] }).WaitAsync(Timeout);

        await Assert.ThrowsAsync<PayloadTooLargeException>(() => producer.SendAsync(Message.CreateBuilder().SetTopic("orders").SetBody(new byte[11]).Build()));
        await Assert.ThrowsAsync<InvalidOperationException>(() => producer.SendAsync(Message.CreateBuilder().SetTopic("orders").SetBody([1]).SetMessageGroup("g").Build()));
        Assert.Empty(server.CallsOf("SendMessage"));
        await producer.SendAsync(Message.CreateBuilder().SetTopic("orders").SetBody(new byte[10]).Build()).WaitAsync(Timeout);
    }

    [Fact]
    public async Task TransportFailuresAreRetriedThenSurfaceAsTransportExceptions()
    {
        await using var server = await FakeMessagingServer.StartAsync(s => s.Topics["orders"] = (Proto.MessageType.Normal, 1));
        server.SendMessage = (_, _) => throw new RpcException(new GrpcStatus(GrpcStatusCode.Unavailable, "going away"));
        await using var client = TestClients.Create(server);
        await using var producer = await client.CreateProducerAsync(new ProducerOptions { MaxAttempts = 3 }).WaitAsync(Timeout);

        var error = await Assert.ThrowsAsync<RocketMQTransportException>(() => producer.SendAsync(Message.CreateBuilder().SetTopic("orders").SetBody([1]).Build()));

        Assert.Equal(GrpcStatusCode.Unavailable, error.GrpcStatusCode);
        Assert.Equal(3, server.CallsOf("SendMessage").Count);
    }

    [Fact]
    public async Task RouteChangesArePickedUpByThePeriodicRefresh()
    {
        await using var server = await FakeMessagingServer.StartAsync(s => s.Topics["orders"] = (Proto.MessageType.Normal, 1));
        await using var client = TestClients.Create(server);
        await using var producer = await client.CreateProducerAsync(new ProducerOptions { Topics = ["orders"] }).WaitAsync(Timeout);
        var first = await producer.SendAsync(Message.CreateBuilder().SetTopic("orders").SetBody([1]).Build()).WaitAsync(Timeout);
        Assert.Equal(0, first.QueueId);

        server.Topics["orders"] = (Proto.MessageType.Normal, 4);
        var queues = new HashSet<int>();
        await Eventually.TrueAsync(
            async () =>
            {
                queues.Add((await producer.SendAsync(Message.CreateBuilder().SetTopic("orders").SetBody([1]).Build())).QueueId);
                return queues.Count > 1;
            },
            "sends to the queues of the refreshed route");
    }

    [Fact]
    public async Task NewSettingsFromTheServerApplyWhileRunning()
    {
        await using var server = await FakeMessagingServer.StartAsync(s => s.Topics["orders"] = (Proto.MessageType.Normal, 1));
        await using var client = TestClients.Create(server);
        await using var producer = await client.CreateProducerAsync(new ProducerOptions { Topics = ["orders"] }).WaitAsync(Timeout);
        await producer.SendAsync(Message.CreateBuilder().SetTopic("orders").SetBody(new byte[100]).Build()).WaitAsync(Timeout);

        var settings = server.DefaultServerSettings(server.ReceivedSettings.Single().Settings);
        settings.Publishing.MaxBodySize = 50;
        await server.PushAsync(producer.ClientId, new TelemetryCommand { Settings = settings });

        await Eventually.TrueAsync(
            async () =>
            {
                try
                {
                    await producer.SendAsync(Message.CreateBuilder().SetTopic("orders").SetBody(new byte[100]).Build());
                    return false;
                }
                catch (PayloadTooLargeException)
                {
                    return true;
                }
            },
            "the new body limit to apply");
    }
}
