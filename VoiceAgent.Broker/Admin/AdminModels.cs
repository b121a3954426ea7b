namespace VoiceAgent.Broker.Admin;

/// <summary>A topic as the admin API shows it; <paramref name="RetainedBytes"/> are settled messages kept for replay.</summary>
public sealed record TopicInfo(
    string Name,
    string Type,
    int Queues,
    long Messages,
    long Bytes,
    int LiteTopics,
    long? LiteExpirationSeconds,
    bool DeadLetter,
    long? RetainSeconds = null,
    long RetainedBytes = 0);

/// <summary>A consumer group and its backlog per topic.</summary>
public sealed record GroupInfo(
    string Name,
    bool Fifo,
    string? LiteBindTopic,
    int MaxDeliveryAttempts,
    int LiteSubscriptionQuota,
    string SubscriptionModel,
    bool Declared,
    int Clients,
    IReadOnlyList<GroupBacklogInfo> Backlog);

/// <summary>A group's unsettled and in-flight messages on one topic (lite topics summed under their parent).</summary>
public sealed record GroupBacklogInfo(string Topic, long Backlog, long InFlight);

/// <summary>A connected client.</summary>
public sealed record ClientInfo(
    string ClientId,
    string Address,
    string ClientType,
    string? Group,
    int SubscriptionCount,
    DateTimeOffset? LastHeartbeat,
    DateTimeOffset LastSeen,
    string? Language,
    string? Version);

/// <summary>A lite topic with its backlog and the clients that hold it.</summary>
public sealed record LiteTopicInfo(
    string ParentTopic,
    string LiteTopic,
    long Backlog,
    long OldestMessageAgeMs,
    DateTimeOffset LastWriteTime,
    IReadOnlyList<SubscriberInfo> Subscribers);

/// <summary>A client holding a lite topic.</summary>
public sealed record SubscriberInfo(string ClientId, string Address);

/// <summary>A lite topic over its backlog alert threshold.</summary>
public sealed record AlertInfo(string ParentTopic, string LiteTopic, long Backlog, long Threshold, DateTimeOffset RaisedAt);
