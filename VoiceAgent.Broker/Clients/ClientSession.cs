using System.Runtime.InteropServices;
using VoiceAgent.Broker.Consumption;
using VoiceAgent.Broker.Lite;
using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.Broker.Clients;

/// <summary>What the broker knows about one client, keyed by its <c>x-mq-client-id</c>.</summary>
internal sealed class ClientSession(string clientId, long nowMs)
{
    // A client polls a bounded number of queues; beyond this the records are dropped rather than kept for ever.
    private const int MaxRememberedAttempts = 1024;

    private readonly Lock _attemptsGate = new();
    private readonly Dictionary<ReceiveAttemptKey, ReceiveAttempt> _attempts = [];
    private readonly Lock _inFlightGate = new();

    // The queue states holding deliveries of this client in flight, with how many: kept exact by the states, so that
    // a long-lived client (a gateway over millions of lite topics) only references the states it has work in.
    private readonly Dictionary<QueueConsumerState, int> _inFlight = [];
    private long _lastSeenMs = nowMs;
    private volatile bool _gone;
    private volatile Settings? _settings;
    private volatile TelemetryOutlet? _telemetry;

    public string ClientId { get; } = clientId;

    /// <summary>The remote address of its latest call.</summary>
    public string Address { get; set; } = string.Empty;

    public string? Language { get; set; }

    public string? Version { get; set; }

    /// <summary>The settings it announced on its telemetry stream; null until then.</summary>
    public Settings? Settings
    {
        get => _settings;
        set => _settings = value;
    }

    public ClientType ClientType => _settings?.ClientType ?? ClientType.Unspecified;

    public bool IsLiteConsumer => ClientType is ClientType.LitePushConsumer or ClientType.LiteSimpleConsumer;

    /// <summary>The consumer group it consumes for, once known.</summary>
    public ConsumerGroup? Group { get; set; }

    public long LastSeenMs => Interlocked.Read(ref _lastSeenMs);

    public long LastHeartbeatMs { get; set; }

    public bool IsAlive => !_gone;

    /// <summary>Wakes its lite long polls.</summary>
    public AsyncSignal Signal { get; } = new();

    /// <summary>Its lite topics that may have something to deliver.</summary>
    public LiteEventSet LiteEvents { get; } = new();

    /// <summary>Its lite subscriptions: changed by the lite subscription registry, read without a lock.</summary>
    public LiteTopicSet LiteTopics { get; } = new();

    /// <summary>Its recent PARTIAL_ADD (true) and PARTIAL_REMOVE (false) changes; guarded by its group's lock in the lite subscription registry.</summary>
    public Dictionary<string, (long AtMs, bool Added)> RecentLiteChanges { get; } = new(StringComparer.Ordinal);

    /// <summary>Where commands to the client go while its telemetry stream is open.</summary>
    public TelemetryOutlet? Telemetry
    {
        get => _telemetry;
        set => _telemetry = value;
    }

    /// <summary>The latest effective settings sent to the client, and when.</summary>
    public (TelemetryCommand Reply, long AtMs)? LastSettingsReply { get; set; }

    /// <summary>The latest receive that returned messages from <paramref name="key"/>, for an idempotent retry with its attempt id.</summary>
    public ReceiveAttempt? FindAttempt(ReceiveAttemptKey key)
    {
        lock (_attemptsGate)
        {
            return _attempts.GetValueOrDefault(key);
        }
    }

    /// <summary>Remembers the latest receive that returned messages, per group, topic and queue (as RocketMQ scopes it).</summary>
    public void RememberAttempt(ReceiveAttemptKey key, ReceiveAttempt attempt)
    {
        lock (_attemptsGate)
        {
            if (_attempts.Count >= MaxRememberedAttempts && !_attempts.ContainsKey(key))
            {
                _attempts.Clear();
            }

            _attempts[key] = attempt;
        }
    }

    public void Touch(long nowMs) => Interlocked.Exchange(ref _lastSeenMs, nowMs);

    /// <summary>The client terminated or timed out; returns false when it already was gone.</summary>
    public bool MarkGone()
    {
        if (_gone)
        {
            return false;
        }

        _gone = true;
        return true;
    }

    /// <summary>Queue states holding deliveries of this client in flight.</summary>
    public int InFlightStateCount
    {
        get
        {
            lock (_inFlightGate)
            {
                return _inFlight.Count;
            }
        }
    }

    /// <summary>A delivery of <paramref name="state"/> is now in flight to this client (called under the queue's gate).</summary>
    public void AddInFlight(QueueConsumerState state)
    {
        lock (_inFlightGate)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(_inFlight, state, out _)++;
        }
    }

    /// <summary>A delivery of <paramref name="state"/> to this client was settled or made visible (called under the queue's gate).</summary>
    public void RemoveInFlight(QueueConsumerState state)
    {
        lock (_inFlightGate)
        {
            if (_inFlight.TryGetValue(state, out var count))
            {
                if (count <= 1)
                {
                    _inFlight.Remove(state);
                }
                else
                {
                    _inFlight[state] = count - 1;
                }
            }
        }
    }

    /// <summary>The states holding its deliveries, forgotten here (the client went away).</summary>
    public QueueConsumerState[] TakeStates()
    {
        lock (_inFlightGate)
        {
            var states = _inFlight.Keys.ToArray();
            _inFlight.Clear();
            return states;
        }
    }
}
