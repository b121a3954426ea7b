using Proto = VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.RocketMQ;

/// <summary>
/// A push consumer's settings (plain or lite): its group and subscriptions, and from the server the FIFO flag,
/// receive batch size, long-polling timeout, redelivery backoff and, for lite consumers, the lite quotas.
/// Values the server leaves out keep their defaults.
/// </summary>
internal sealed class PushSubscriptionSettings : ClientSettings
{
    public const int DefaultReceiveBatchSize = 32;
    public const int DefaultMaxLiteTopicSize = 64;
    public const int DefaultLiteSubscriptionQuota = 2000;

    public static readonly TimeSpan DefaultLongPollingTimeout = TimeSpan.FromSeconds(20);

    private readonly Proto.Resource _group;
    private readonly IReadOnlyList<Proto.SubscriptionEntry> _subscriptions;
    private volatile bool _fifo;
    private volatile int _receiveBatchSize = DefaultReceiveBatchSize;
    private long _longPollingTimeoutTicks = DefaultLongPollingTimeout.Ticks;
    private volatile int _liteSubscriptionQuota = DefaultLiteSubscriptionQuota;
    private volatile int _maxLiteTopicSize = DefaultMaxLiteTopicSize;

    public PushSubscriptionSettings(
        Proto.ClientType clientType,
        BrokerEndpoints accessPoint,
        TimeSpan requestTimeout,
        Proto.Resource group,
        IReadOnlyList<Proto.SubscriptionEntry> subscriptions)
        : base(clientType, accessPoint, requestTimeout)
    {
        _group = group;
        _subscriptions = subscriptions;
        _fifo = clientType == Proto.ClientType.LitePushConsumer;
        RetryPolicy = DefaultRetryPolicy();
    }

    /// <summary>Whether the group consumes in order: per message group, or per lite topic for lite consumers.</summary>
    public bool Fifo => _fifo;

    public int ReceiveBatchSize => _receiveBatchSize;

    public TimeSpan LongPollingTimeout => TimeSpan.FromTicks(Interlocked.Read(ref _longPollingTimeoutTicks));

    public int LiteSubscriptionQuota => _liteSubscriptionQuota;

    public int MaxLiteTopicSize => _maxLiteTopicSize;

    /// <summary>The proxy's default group policy: 17 attempts, 1 s, 5 s, 10 s, 30 s, then minutes up to 2 h.</summary>
    public static CustomizedBackoffRetryPolicy DefaultRetryPolicy() => new(
        17,
        [.. new[] { 1, 5, 10, 30, 60, 120, 180, 240, 300, 360, 420, 480, 540, 600, 1200, 1800, 3600, 7200 }.Select(s => TimeSpan.FromSeconds(s))]);

    public override void Apply(Proto.Settings settings)
    {
        if (settings.PubSubCase != Proto.Settings.PubSubOneofCase.Subscription)
        {
            return;
        }

        var subscription = settings.Subscription;
        if (subscription.HasFifo)
        {
            _fifo = subscription.Fifo;
        }

        if (subscription.HasReceiveBatchSize && subscription.ReceiveBatchSize > 0)
        {
            _receiveBatchSize = subscription.ReceiveBatchSize;
        }

        if (subscription.LongPollingTimeout is { } longPolling && longPolling.ToTimeSpan() > TimeSpan.Zero)
        {
            Interlocked.Exchange(ref _longPollingTimeoutTicks, longPolling.ToTimeSpan().Ticks);
        }

        if (subscription.HasLiteSubscriptionQuota)
        {
            _liteSubscriptionQuota = subscription.LiteSubscriptionQuota;
        }

        if (subscription.HasMaxLiteTopicSize && subscription.MaxLiteTopicSize > 0)
        {
            _maxLiteTopicSize = subscription.MaxLiteTopicSize;
        }

        if (RetryPolicy.FromProtobuf(settings.BackoffPolicy) is { } policy)
        {
            RetryPolicy = policy;
        }
    }

    protected override void AddPubSub(Proto.Settings settings)
    {
        var subscription = new Proto.Subscription { Group = _group };
        subscription.Subscriptions.AddRange(_subscriptions);
        settings.Subscription = subscription;
    }
}
