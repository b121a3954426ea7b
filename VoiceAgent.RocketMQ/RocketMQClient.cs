using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using VoiceAgent.Grpc;
using Proto = VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.RocketMQ;

/// <summary>
/// The entry point: holds the configuration and the gRPC connections that every producer and consumer it
/// creates shares. Each producer or consumer still runs its own client session (client id, Telemetry
/// streams, heartbeats). Register one per application with <c>builder.AddRocketMQClient("rocketmq")</c>;
/// disposing it disposes every client it created.
/// </summary>
public sealed class RocketMQClient : IAsyncDisposable, IDisposable
{
    private readonly ChannelPool _channels;
    private readonly ILoggerFactory _loggerFactory;
    private readonly BrokerEndpoints _accessPoint;
    private readonly ConcurrentDictionary<IAsyncDisposable, byte> _clients = new();
    private int _disposed;

    public RocketMQClient(RocketMQClientOptions options, ILoggerFactory? loggerFactory = null)
        : this(options, loggerFactory, null)
    {
    }

    public RocketMQClient(IOptions<RocketMQClientOptions> options, ILoggerFactory loggerFactory)
        : this(options.Value, loggerFactory, null)
    {
    }

    internal RocketMQClient(RocketMQClientOptions options, ILoggerFactory? loggerFactory, Func<Uri, GrpcChannel>? channelFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options.Clone();
        Options.Validate();
        _accessPoint = BrokerEndpoints.Parse(Options.Endpoints);
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _channels = new ChannelPool(Options.Tls, channelFactory);
    }

    /// <summary>A copy of the options this client was created with.</summary>
    public RocketMQClientOptions Options { get; }

    /// <summary>Periods and delays of the sessions; tests shorten them.</summary>
    internal ClientTimings Timings { get; set; } = ClientTimings.Default;

    /// <summary>Starts a producer: fetches the routes of its topics and exchanges settings with the server.</summary>
    public async Task<Producer> CreateProducerAsync(ProducerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ProducerOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxAttempts, 1, nameof(options.MaxAttempts));
        var topics = options.Topics.ToList();
        var settings = new PublishingSettings(_accessPoint, Options.RequestTimeout, Options.Namespace, topics, options.MaxAttempts);
        var session = CreateSession(settings, null, _loggerFactory.CreateLogger<Producer>());
        var producer = new Producer(session, settings, Forget);
        await StartAsync(producer, () => producer.StartAsync(topics, cancellationToken)).ConfigureAwait(false);
        return producer;
    }

    /// <summary>Starts a simple consumer of <see cref="SimpleConsumerOptions.ConsumerGroup"/>.</summary>
    public async Task<SimpleConsumer> CreateSimpleConsumerAsync(SimpleConsumerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var group = ToResource(options.ConsumerGroup);
        var settings = new SimpleSubscriptionSettings(
            _accessPoint, Options.RequestTimeout, group, ToSubscriptionEntries(options.Subscriptions), options.AwaitDuration);
        var session = CreateSession(settings, group, _loggerFactory.CreateLogger<SimpleConsumer>());
        var consumer = new SimpleConsumer(session, settings, options, Forget);
        await StartAsync(consumer, () => consumer.StartAsync(cancellationToken)).ConfigureAwait(false);
        return consumer;
    }

    /// <summary>Starts a push consumer that calls <paramref name="handler"/> for each message of its subscriptions.</summary>
    public async Task<PushConsumer> CreatePushConsumerAsync(PushConsumerOptions options, MessageHandler handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handler);
        options.Validate();
        var group = ToResource(options.ConsumerGroup);
        var settings = new PushSubscriptionSettings(
            Proto.ClientType.PushConsumer, _accessPoint, Options.RequestTimeout, group, ToSubscriptionEntries(options.Subscriptions));
        var session = CreateSession(settings, group, _loggerFactory.CreateLogger<PushConsumer>());
        var consumer = new PushConsumer(session, settings, options, handler, Forget);
        await StartAsync(consumer, () => consumer.StartAsync(cancellationToken)).ConfigureAwait(false);
        return consumer;
    }

    /// <summary>
    /// Starts a lite push consumer bound to the LITE parent topic <see cref="LitePushConsumerOptions.BindTopic"/>;
    /// subscribe lite topics with <see cref="LitePushConsumer.SubscribeLiteAsync"/>.
    /// </summary>
    public async Task<LitePushConsumer> CreateLitePushConsumerAsync(LitePushConsumerOptions options, MessageHandler handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handler);
        options.Validate();
        var group = ToResource(options.ConsumerGroup);
        var entries = ToSubscriptionEntries(new Dictionary<string, FilterExpression> { [options.BindTopic] = FilterExpression.All });
        var settings = new PushSubscriptionSettings(Proto.ClientType.LitePushConsumer, _accessPoint, Options.RequestTimeout, group, entries);
        var session = CreateSession(settings, group, _loggerFactory.CreateLogger<LitePushConsumer>());
        var consumer = new LitePushConsumer(session, settings, options, handler, Forget);
        await StartAsync(consumer, () => consumer.StartAsync(cancellationToken)).ConfigureAwait(false);
        return consumer;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await Task.WhenAll(_clients.Keys.Select(c => c.DisposeAsync().AsTask())).ConfigureAwait(false);
        _channels.Dispose();
    }

    /// <summary>For containers that dispose synchronously; prefer <see cref="DisposeAsync"/>.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private ClientSession CreateSession(ClientSettings settings, Proto.Resource? group, ILogger logger)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return new ClientSession(Options, _channels, settings, group, Timings, logger);
    }

    private async Task StartAsync(IAsyncDisposable client, Func<Task> start)
    {
        _clients.TryAdd(client, 0);
        try
        {
            await start().ConfigureAwait(false);
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private void Forget(IAsyncDisposable client) => _clients.TryRemove(client, out _);

    private Proto.Resource ToResource(string name) => new() { ResourceNamespace = Options.Namespace, Name = name };

    private List<Proto.SubscriptionEntry> ToSubscriptionEntries(IDictionary<string, FilterExpression> subscriptions) =>
        subscriptions.Select(s => new Proto.SubscriptionEntry { Topic = ToResource(s.Key), Expression = s.Value.ToProtobuf() }).ToList();
}
