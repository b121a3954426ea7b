using VoiceAgent.Broker.Clients;

namespace VoiceAgent.Broker.Consumption;

/// <summary>A message that was delivered and is not settled yet.</summary>
internal struct InflightEntry
{
    /// <summary>Identifies the latest delivery; a receipt handle with another token is stale.</summary>
    public long Token;

    public long InvisibleUntilMs;

    public long DeliveredMs;

    public ClientSession? Owner;

    /// <summary>For ordered consumption, the lane the message belongs to.</summary>
    public Lane? Lane;

    /// <summary>How many times the message was delivered (the delivery attempt of the latest delivery).</summary>
    public int Attempts;

    /// <summary>Renewed while the owner lives (push consumers).</summary>
    public bool AutoRenew;

    /// <summary>Its invisible time passed: it waits for redelivery.</summary>
    public bool Visible;

    /// <summary>The next delivery does not count as a new attempt (suspend, or a delivery that never reached the client).</summary>
    public bool KeepAttempt;
}
