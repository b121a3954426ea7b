using Proto = VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.RocketMQ;

/// <summary>
/// A producer's settings: its topics, and from the server the backoff of send retries (the attempt count stays
/// the producer's own), whether to check message types against the route, and the largest body accepted.
/// </summary>
internal sealed class PublishingSettings : ClientSettings
{
    public const int DefaultMaxBodySize = 4 * 1024 * 1024;

    private readonly string _namespace;
    private volatile bool _validateMessageType = true;
    private volatile int _maxBodySize = DefaultMaxBodySize;

    public PublishingSettings(BrokerEndpoints accessPoint, TimeSpan requestTimeout, string @namespace, IEnumerable<string> topics, int maxAttempts)
        : base(Proto.ClientType.Producer, accessPoint, requestTimeout)
    {
        _namespace = @namespace;
        Topics = [.. topics];
        RetryPolicy = ExponentialBackoffRetryPolicy.Immediate(maxAttempts);
    }

    /// <summary>The topics announced to the server; sending to other topics adds them.</summary>
    public HashSet<string> Topics { get; }

    public bool ValidateMessageType => _validateMessageType;

    public int MaxBodySize => _maxBodySize;

    public override void Apply(Proto.Settings settings)
    {
        if (settings.PubSubCase != Proto.Settings.PubSubOneofCase.Publishing)
        {
            return;
        }

        RetryPolicy = RetryPolicy!.InheritBackoff(settings.BackoffPolicy);
        _validateMessageType = settings.Publishing.ValidateMessageType;
        if (settings.Publishing.MaxBodySize > 0)
        {
            _maxBodySize = settings.Publishing.MaxBodySize;
        }
    }

    protected override void AddPubSub(Proto.Settings settings)
    {
        var publishing = new Proto.Publishing { ValidateMessageType = _validateMessageType };
        lock (Topics)
        {
            foreach (var topic in Topics)
            {
                publishing.Topics.Add(new Proto.Resource { ResourceNamespace = _namespace, Name = topic });
            }
        }

        settings.Publishing = publishing;
    }
}
