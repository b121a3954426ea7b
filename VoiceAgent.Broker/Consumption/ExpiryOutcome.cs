namespace VoiceAgent.Broker.Consumption;

internal enum ExpiryOutcome
{
    /// <summary>The delivery was settled or replaced meanwhile.</summary>
    Stale,

    /// <summary>Auto-renew extended it; schedule the new deadline.</summary>
    Renewed,

    /// <summary>It is visible again and waits for redelivery.</summary>
    Redeliver,

    /// <summary>It used its last attempt and must go to the dead-letter topic.</summary>
    DeadLetter,
}
