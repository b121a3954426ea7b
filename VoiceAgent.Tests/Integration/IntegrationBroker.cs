using VoiceAgent.Broker;
using VoiceAgent.Broker.Configuration;
using VoiceAgent.RocketMQ;

namespace VoiceAgent.Tests.Integration;

/// <summary>
/// A broker started in-process on free ports with the topics and groups the scenarios use and short timeouts, and
/// RocketMQ clients that reach it through its connection string. Disposing ends the clients, then the broker.
/// </summary>
internal sealed class IntegrationBroker : IAsyncDisposable
{
    /// <summary>How long any single wait of a scenario may take on a loaded machine.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly List<RocketMQClient> _clients = [];

    private IntegrationBroker(EmbeddedBroker broker)
    {
        Broker = broker;
        Client = CreateClient();
    }

    public EmbeddedBroker Broker { get; }

    /// <summary>A client with the broker's own connection string.</summary>
    public RocketMQClient Client { get; }

    public static async Task<IntegrationBroker> StartAsync(Action<BrokerOptions>? configure = null)
    {
        var broker = await EmbeddedBroker.StartAsync(options =>
        {
            options.Topics.AddRange(["orders", "small:NORMAL:queues=1", "uplink:FIFO", "delayed:DELAY", "downlink:LITE:expiration=10m,retain=10m"]);
            options.Groups.AddRange(["processors:FIFO", "gateways:lite-bind=downlink", "solo-gateways:lite-bind=downlink:exclusive"]);

            // Short enough that consumers stop quickly and that retries and redeliveries happen within a test.
            options.LongPollingTimeout = TimeSpan.FromSeconds(1);
            options.MinInvisibleTime = TimeSpan.FromSeconds(1);
            options.RetryInitialBackoff = TimeSpan.FromMilliseconds(100);
            options.RetryMaxBackoff = TimeSpan.FromSeconds(1);
            configure?.Invoke(options);
        }).WaitAsync(Timeout);
        return new IntegrationBroker(broker);
    }

    /// <summary>Another client: the broker's connection string, edited by <paramref name="edit"/> (other endpoints, keys).</summary>
    public RocketMQClient CreateClient(Action<RocketMQClientOptions>? edit = null)
    {
        var options = RocketMQConnectionString.Parse(Broker.ConnectionString);
        edit?.Invoke(options);
        var client = new RocketMQClient(options);
        _clients.Add(client);
        return client;
    }

    public Task<Producer> CreateProducerAsync(params string[] topics) =>
        Client.CreateProducerAsync(new ProducerOptions { Topics = topics }).WaitAsync(Timeout);

    public Task<LitePushConsumer> CreateLiteConsumerAsync(string group, MessageHandler handler, RocketMQClient? client = null, Action<LitePushConsumerOptions>? edit = null)
    {
        var options = new LitePushConsumerOptions { ConsumerGroup = group, BindTopic = "downlink" };
        edit?.Invoke(options);
        return (client ?? Client).CreateLitePushConsumerAsync(options, handler).WaitAsync(Timeout);
    }

    public Task<SimpleConsumer> CreateSimpleConsumerAsync(string group, string topic, string filter = "*") =>
        Client.CreateSimpleConsumerAsync(new SimpleConsumerOptions
        {
            ConsumerGroup = group,
            Subscriptions = { [topic] = FilterExpression.Tag(filter) },
            AwaitDuration = TimeSpan.FromSeconds(1),
        }).WaitAsync(Timeout);

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync().AsTask().WaitAsync(Timeout);
        }

        await Broker.DisposeAsync();
    }
}
