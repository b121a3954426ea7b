namespace VoiceAgent.Realtime.Link;

/// <summary>What a link message carries, by its tag.</summary>
public enum LinkMessageKind
{
    /// <summary>Tag <c>audio</c>: raw audio.</summary>
    Audio,

    /// <summary>Tag <c>event</c>: an event as JSON.</summary>
    Event,

    /// <summary>Tag <c>control</c>: a link control message.</summary>
    Control,
}
