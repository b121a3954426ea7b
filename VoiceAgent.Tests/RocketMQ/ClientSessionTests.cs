using VoiceAgent.RocketMQ;
using VoiceAgent.RocketMQ.Protocol;
using VoiceAgent.Tests.RocketMQ.Fakes;
using FilterExpression = VoiceAgent.RocketMQ.FilterExpression;
using MessageType = VoiceAgent.RocketMQ.Protocol.MessageType;
using Message = VoiceAgent.RocketMQ.Message;

namespace VoiceAgent.Tests.RocketMQ;

public sealed class ClientSessionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task StartupFailsWhenTheServerNeverSendsItsSettings()
    {
        await using var server = await FakeMessagingServer.StartAsync(s =>
        {
            s.Topics["orders"] = (MessageType.Normal, 1);
            s.ServerSettings = _ => null;
        });
        await using var client = TestClients.Create(server, o => o.RequestTimeout = TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<RocketMQTransportException>(() => client.CreateProducerAsync(new ProducerOptions { Topics = ["orders"] }).WaitAsync(Timeout));

        Assert.Contains("settings", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.NotEmpty(server.ReceivedSettings);
    }

    [Fact]
    public async Task StartupWaitsForTheServersSettings()
    {
        var gate = new TaskCompletionSource();
        await using var server = await FakeMessagingServer.StartAsync(s =>
        {
            s.Topics["orders"] = (MessageType.Normal, 1);
            s.SettingsGate = gate.Task;
        });
        await using var client = TestClients.Create(server);

        var starting = client.CreateProducerAsync(new ProducerOptions { Topics = ["orders"] });
        await Eventually.TrueAsync(() => !server.ReceivedSettings.IsEmpty, "the client's settings to arrive");
        Assert.False(starting.IsCompleted);
        gate.SetResult();

        await using var producer = await starting.WaitAsync(Timeout);
    }

    [Fact]
    public async Task TheTelemetryStreamReconnectsAndSendsTheSettingsAgain()
    {
        await using var server = await FakeMessagingServer.StartAsync(s => s.Topics["orders"] = (MessageType.Normal, 1));
        await using var client = TestClients.Create(server);
        await using var producer = await client.CreateProducerAsync(new ProducerOptions { Topics = ["orders"] }).WaitAsync(Timeout);
        Assert.Equal(1, server.TelemetryConnections);

        server.CloseTelemetryStreams();

        await Eventually.TrueAsync(() => server.TelemetryConnections >= 2 && server.ReceivedSettings.Count >= 2, "a second Telemetry stream with settings");
        Assert.All(server.ReceivedSettings, s => Assert.Equal(producer.ClientId, s.ClientId));
        await producer.SendAsync(Message.CreateBuilder().SetTopic("orders").SetBody([1]).Build()).WaitAsync(Timeout);
    }

    [Fact]
    public async Task TheServerCanAskForAReconnect()
    {
        await using var server = await FakeMessagingServer.StartAsync(s => s.Topics["orders"] = (MessageType.Normal, 1));
        await using var client = TestClients.Create(server);
        await using var producer = await client.CreateProducerAsync(new ProducerOptions { Topics = ["orders"] }).WaitAsync(Timeout);

        await server.PushAsync(producer.ClientId, new TelemetryCommand { ReconnectEndpointsCommand = new ReconnectEndpointsCommand { Nonce = "n" } });

        await Eventually.TrueAsync(() => server.TelemetryConnections >= 2 && server.ReceivedSettings.Count >= 2, "the stream to be reopened");
    }

    [Fact]
    public async Task HeartbeatsNameTheGroupAndTheClientType()
    {
        await using var server = await FakeMessagingServer.StartAsync(s => s.Topics["orders"] = (MessageType.Normal, 1));
        await using var client = TestClients.Create(server);
        await using var consumer = await client.CreateSimpleConsumerAsync(new SimpleConsumerOptions
        {
            ConsumerGroup = "billing",
            Subscriptions = { ["orders"] = FilterExpression.All },
        }).WaitAsync(Timeout);
        await using var producer = await client.CreateProducerAsync(new ProducerOptions { Topics = ["orders"] }).WaitAsync(Timeout);

        await Eventually.TrueAsync(() => server.CallsOf("Heartbeat").Count >= 4, "repeated heartbeats");

        var heartbeats = server.CallsOf("Heartbeat");
        var fromConsumer = heartbeats.Where(c => c.Headers.GetValue("x-mq-client-id") == consumer.ClientId).Select(c => (HeartbeatRequest)c.Request).ToList();
        var fromProducer = heartbeats.Where(c => c.Headers.GetValue("x-mq-client-id") == producer.ClientId).Select(c => (HeartbeatRequest)c.Request).ToList();
        Assert.NotEmpty(fromConsumer);
        Assert.NotEmpty(fromProducer);
        Assert.All(fromConsumer, h => Assert.Equal(("billing", ClientType.SimpleConsumer), (h.Group.Name, h.ClientType)));
        Assert.All(fromProducer, h => Assert.Equal((true, ClientType.Producer), (h.Group is null, h.ClientType)));
    }

    [Fact]
    public async Task DisposingNotifiesTheServerAndClosesTheStream()
    {
        await using var server = await FakeMessagingServer.StartAsync(s => s.Topics["orders"] = (MessageType.Normal, 1));
        await using var client = TestClients.Create(server);
        var consumer = await client.CreateSimpleConsumerAsync(new SimpleConsumerOptions
        {
            ConsumerGroup = "billing",
            Subscriptions = { ["orders"] = FilterExpression.All },
        }).WaitAsync(Timeout);
        var clientId = consumer.ClientId;

        await consumer.DisposeAsync().AsTask().WaitAsync(Timeout);

        var termination = Assert.Single(server.CallsOf("NotifyClientTermination"));
        Assert.Equal(clientId, termination.Headers.GetValue("x-mq-client-id"));
        Assert.Equal("billing", ((NotifyClientTerminationRequest)termination.Request).Group.Name);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => consumer.ReceiveAsync(1, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task DisposingTheClientDisposesEverythingItCreated()
    {
        await using var server = await FakeMessagingServer.StartAsync(s => s.Topics["orders"] = (MessageType.Normal, 1));
        var client = TestClients.Create(server);
        var producer = await client.CreateProducerAsync(new ProducerOptions { Topics = ["orders"] }).WaitAsync(Timeout);

        await client.DisposeAsync().AsTask().WaitAsync(Timeout);

        Assert.Single(server.CallsOf("NotifyClientTermination"));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => producer.SendAsync(Message.CreateBuilder().SetTopic("orders").SetBody([1]).Build()));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.CreateProducerAsync());
    }

    [Fact]
    public void MissingOrBrokenConfigurationFailsWithAClearMessage()
    {
        var missing = Assert.Throws<InvalidOperationException>(() => new RocketMQClient(new RocketMQClientOptions()));
        Assert.Contains("ConnectionStrings:rocketmq", missing.Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => new RocketMQClient(new RocketMQClientOptions { Endpoints = "nonsense" }));
        Assert.Throws<InvalidOperationException>(() => new RocketMQClient(new RocketMQClientOptions { Endpoints = "h:1", AccessKey = "ak" }));
    }
}
