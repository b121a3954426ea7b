namespace VoiceAgent.Broker.Configuration;

/// <summary>
/// Everything the broker can be told, bound from the <c>Broker</c> configuration section
/// (<c>Broker__GrpcPort</c>, <c>Broker__Topics__0</c>, ...) and from the command line.
/// </summary>
public sealed class BrokerOptions
{
    public const string SectionName = "Broker";

    /// <summary>The gRPC port (HTTP/2; h2c unless a certificate is configured). 0 picks a free port.</summary>
    public int GrpcPort { get; set; } = 8081;

    /// <summary>The admin port (HTTP/1.1 JSON API, <c>/health</c>, <c>/alive</c>). 0 picks a free port.</summary>
    public int AdminPort { get; set; } = 8082;

    /// <summary>The address to listen on: an IP address, <c>localhost</c> or <c>*</c> for every interface.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>
    /// The host that routes point clients to when a request does not say which endpoint it used.
    /// Defaults to <see cref="Host"/> (or 127.0.0.1 when listening on every interface).
    /// </summary>
    public string? AdvertisedHost { get; set; }

    /// <summary>
    /// Topic declarations: <c>name[:TYPE][:key=value...]</c>, TYPE one of NORMAL, FIFO, DELAY, LITE; LITE topics take
    /// <c>expiration=10m</c>, <c>retain=2m</c> and <c>alert-backlog=N</c> (<c>Broker__Topics__0=voice-downlink:LITE:expiration=10m,retain=2m</c>).
    /// </summary>
    public List<string> Topics { get; set; } = [];

    /// <summary>Consumer group declarations: <c>name[:FIFO][:lite-bind=parent][:max-attempts=N]...</c>.</summary>
    public List<string> Groups { get; set; } = [];

    /// <summary>When set together with <see cref="SecretKey"/>, every request must carry a valid signature.</summary>
    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    /// <summary>
    /// The key the admin API's state-changing calls (PUT, DELETE) must carry in <c>X-Admin-Key</c>; without it they are
    /// accepted from loopback addresses only. Reading stays open.
    /// </summary>
    public string? AdminKey { get; set; }

    /// <summary>How far the signed <c>x-mq-date-time</c> may be from the broker's clock.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A PFX or PEM certificate for TLS on the gRPC port; h2c when absent.</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>The PEM private key when <see cref="CertificatePath"/> is a PEM certificate.</summary>
    public string? CertificateKeyPath { get; set; }

    /// <summary>Queues per topic unless a topic declares its own (<c>queues=N</c>).</summary>
    public int QueuesPerTopic { get; set; } = 4;

    /// <summary>Create an unknown topic as NORMAL on first use instead of answering TOPIC_NOT_FOUND.</summary>
    public bool AutoCreateTopics { get; set; }

    /// <summary>Bytes of stored messages per queue (and per lite topic) before sends get TOO_MANY_REQUESTS.</summary>
    public long MaxQueueBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Bytes of stored messages in the whole broker before sends get TOO_MANY_REQUESTS.</summary>
    public long MaxTotalBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>The largest message body accepted (and announced to producers).</summary>
    public int MaxBodySize { get; set; } = 4 * 1024 * 1024;

    /// <summary>The total size of a message's user properties.</summary>
    public int MaxPropertiesSize { get; set; } = 16 * 1024;

    public int MaxMessageGroupLength { get; set; } = 64;

    /// <summary>Lite topics per broker (RocketMQ's <c>maxLmqConsumeQueueNum</c>).</summary>
    /// <summary>Consumer groups the broker creates on first use (undeclared ones); beyond that a new name is refused.</summary>
    public int MaxConsumerGroups { get; set; } = 1000;

    public int MaxLiteTopics { get; set; } = 20_000;

    /// <summary>Active (client, lite topic) subscriptions per broker (RocketMQ's <c>maxLiteSubscriptionCount</c>).</summary>
    public int MaxLiteSubscriptions { get; set; } = 100_000;

    /// <summary>Lite subscriptions per client unless the group declares its own (<c>lite-quota=N</c>).</summary>
    public int LiteSubscriptionQuota { get; set; } = 2000;

    /// <summary>Extra room a COMPLETE_ADD may carry above the client quota before it is refused.</summary>
    public int LiteSubscriptionQuotaBuffer { get; set; } = 300;

    public int MaxLiteTopicNameLength { get; set; } = 64;

    /// <summary>How long a PARTIAL_ADD or PARTIAL_REMOVE wins over a COMPLETE_ADD that disagrees (they may arrive out of order).</summary>
    public TimeSpan LiteSyncGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often idle lite topics are looked for; derived from the shortest expiration when unset.</summary>
    public TimeSpan? LiteReaperInterval { get; set; }

    /// <summary>The longest long poll a receive may hold (sent to consumers as their long polling timeout).</summary>
    public TimeSpan LongPollingTimeout { get; set; } = TimeSpan.FromSeconds(20);

    public int ReceiveBatchSize { get; set; } = 32;

    /// <summary>Invisible time of messages received with auto-renew (push consumers), renewed while the client lives.</summary>
    public TimeSpan AutoRenewInvisibleTime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long auto-renew keeps a message invisible at most.</summary>
    public TimeSpan MaxAutoRenewTime { get; set; } = TimeSpan.FromHours(3);

    public TimeSpan MinInvisibleTime { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxInvisibleTime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>A client that neither heartbeats nor calls for this long is dropped with its lite subscriptions.</summary>
    public TimeSpan ClientTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>
    /// A consumer group that has not received from a queue for this long (or never) stops holding that queue's producers
    /// back: when the queue reaches <see cref="MaxQueueBytes"/>, the oldest messages it has not settled are skipped for it.
    /// </summary>
    public TimeSpan InactiveGroupTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Messages older than this are dropped even when a group has not consumed them.</summary>
    public TimeSpan MessageRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Delivery attempts before a message goes to <c>%DLQ%group</c>, unless the group declares its own.</summary>
    public int MaxDeliveryAttempts { get; set; } = 17;

    /// <summary>Consumer retry backoff announced in Settings (exponential).</summary>
    public TimeSpan RetryInitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryMaxBackoff { get; set; } = TimeSpan.FromSeconds(60);

    public float RetryBackoffMultiplier { get; set; } = 2;

    /// <summary>How many lite topics (largest backlog first) the backlog metric reports.</summary>
    public int MetricsTopLiteTopics { get; set; } = 10;

    /// <summary>Backlog alert thresholds for single lite topics, keyed <c>parent/liteTopic</c>; they override the parent's.</summary>
    public Dictionary<string, long> LiteTopicBacklogThresholds { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How often backlog alerts are re-evaluated.</summary>
    public TimeSpan AlertInterval { get; set; } = TimeSpan.FromSeconds(5);

    internal bool AuthenticationEnabled => !string.IsNullOrEmpty(AccessKey) && !string.IsNullOrEmpty(SecretKey);
}
