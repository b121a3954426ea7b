namespace VoiceAgent.Realtime.Events;

/// <summary>
/// A client event of the Realtime protocol, parsed by <see cref="ClientEventParser"/> and written (GA shape) by
/// <see cref="ClientEventWriter"/>.
/// </summary>
public abstract record ClientEvent
{
    /// <summary>The client's optional <c>event_id</c>, echoed in errors it causes.</summary>
    public string? EventId { get; init; }

    /// <summary>The GA event type.</summary>
    public abstract string Type { get; }
}
