using Microsoft.Extensions.Logging;
using VoiceAgent.Broker.Admin;
using VoiceAgent.Broker.Clients;
using VoiceAgent.Broker.Configuration;
using VoiceAgent.Broker.Consumption;
using VoiceAgent.Broker.Diagnostics;
using VoiceAgent.Broker.Lite;
using VoiceAgent.Broker.Storage;

namespace VoiceAgent.Broker;

/// <summary>The broker without its transports: every store, registry and engine, wired together.</summary>
internal sealed class BrokerCore : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private int _disposed;

    public BrokerCore(BrokerOptions options, TimeProvider time, ILoggerFactory loggers, BrokerMetrics metrics)
    {
        BrokerOptionsValidator.Validate(options);
        Options = options;
        Time = time;
        Metrics = metrics;
        Topics = new TopicStore(options, time, metrics, loggers.CreateLogger<TopicStore>());
        Groups = new ConsumerGroupStore(options, Topics);
        Clients = new ClientRegistry();
        Subscriptions = new LiteSubscriptionRegistry(options, time);
        Delivery = new DeliveryEngine(options, Topics, Groups, Subscriptions, new ReceiptHandleCodec(), metrics, time, loggers.CreateLogger<DeliveryEngine>());
        Writer = new MessageWriter(options, Topics, Delivery, metrics, time);
        Lifecycle = new ClientLifecycle(options, Clients, Groups, Topics, Subscriptions, Delivery, time, loggers.CreateLogger<ClientLifecycle>());
        LiteSubscriptions = new LiteSubscriptionService(options, Groups, Topics, Subscriptions, Delivery, loggers.CreateLogger<LiteSubscriptionService>());
        Alerts = new BacklogAlerts(options, Topics, Groups, metrics, time, loggers.CreateLogger<BacklogAlerts>());
        Housekeeping = new Housekeeping(options, Topics, Groups, Subscriptions, Lifecycle, time, loggers.CreateLogger<Housekeeping>());
        Inspector = new BrokerInspector(this);
        Gauges = new BrokerGauges(this);
    }

    public BrokerOptions Options { get; }

    public TimeProvider Time { get; }

    public BrokerMetrics Metrics { get; }

    public TopicStore Topics { get; }

    public ConsumerGroupStore Groups { get; }

    public ClientRegistry Clients { get; }

    public LiteSubscriptionRegistry Subscriptions { get; }

    public DeliveryEngine Delivery { get; }

    public MessageWriter Writer { get; }

    public ClientLifecycle Lifecycle { get; }

    public LiteSubscriptionService LiteSubscriptions { get; }

    public BacklogAlerts Alerts { get; }

    public Housekeeping Housekeeping { get; }

    public BrokerInspector Inspector { get; }

    public BrokerGauges Gauges { get; }

    /// <summary>Cancelled when the broker stops: long polls answer at once and telemetry streams end.</summary>
    public CancellationToken Stopping => _stopping.Token;

    public void Stop()
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            _stopping.Cancel();
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _stopping.Cancel();
        Writer.Dispose();
        Delivery.Dispose();
    }
}
