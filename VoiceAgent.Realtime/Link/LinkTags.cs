namespace VoiceAgent.Realtime.Link;

/// <summary>Message tags on both topics.</summary>
public static class LinkTags
{
    /// <summary>Raw audio bytes (input audio on the uplink, output audio on the downlink).</summary>
    public const string Audio = "audio";

    /// <summary>An event as UTF-8 JSON (a client event on the uplink, a server event without seq on the downlink).</summary>
    public const string Event = "event";

    /// <summary>A link control message on the uplink: <c>session.start</c>, <c>session.resume</c>, <c>session.end</c>.</summary>
    public const string Control = "control";
}
