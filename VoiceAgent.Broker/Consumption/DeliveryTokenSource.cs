namespace VoiceAgent.Broker.Consumption;

/// <summary>Hands out delivery tokens, unique for the broker's lifetime.</summary>
internal sealed class DeliveryTokenSource
{
    private long _last;

    public long Next() => Interlocked.Increment(ref _last);
}
