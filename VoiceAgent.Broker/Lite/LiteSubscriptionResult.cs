using VoiceAgent.Broker.Clients;

namespace VoiceAgent.Broker.Lite;

internal enum LiteSubscriptionStatus
{
    Ok,

    /// <summary>The client would hold more than its group's quota.</summary>
    ClientQuotaExceeded,

    /// <summary>The broker would hold more than its subscription limit.</summary>
    BrokerQuotaExceeded,
}

/// <summary>The outcome of a subscription change: what was added and removed, and who was evicted (exclusive groups).</summary>
internal sealed class LiteSubscriptionResult
{
    public static readonly LiteSubscriptionResult ClientQuota = new() { Status = LiteSubscriptionStatus.ClientQuotaExceeded };

    public static readonly LiteSubscriptionResult BrokerQuota = new() { Status = LiteSubscriptionStatus.BrokerQuotaExceeded };

    public LiteSubscriptionStatus Status { get; init; }

    public List<string> Added { get; } = [];

    public List<string> Removed { get; } = [];

    public List<(ClientSession Client, string LiteTopic)> Evicted { get; } = [];
}
