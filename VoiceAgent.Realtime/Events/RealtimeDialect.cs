namespace VoiceAgent.Realtime.Events;

/// <summary>Which naming a client speaks: GA (the default) or the beta names of the renamed server events.</summary>
public enum RealtimeDialect
{
    Ga,
    Beta,
}
