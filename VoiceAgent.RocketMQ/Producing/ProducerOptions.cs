namespace VoiceAgent.RocketMQ;

/// <summary>Settings of a <see cref="Producer"/>.</summary>
public sealed class ProducerOptions
{
    /// <summary>Topics whose routes are fetched at start; sending to another topic fetches its route on first use.</summary>
    public IList<string> Topics { get; set; } = [];

    /// <summary>Attempts per send, the first included; failed attempts move to another broker when there is one.</summary>
    public int MaxAttempts { get; set; } = 3;
}
