namespace VoiceAgent.Broker.Storage;

internal enum AppendStatus
{
    Stored,

    /// <summary>The queue holds its byte limit.</summary>
    QueueFull,

    /// <summary>The broker holds its byte limit.</summary>
    BrokerFull,

    /// <summary>The lite topic expired meanwhile; look it up again.</summary>
    Removed,
}
