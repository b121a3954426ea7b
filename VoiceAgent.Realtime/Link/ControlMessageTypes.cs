namespace VoiceAgent.Realtime.Link;

/// <summary>Types of uplink control messages.</summary>
public static class ControlMessageTypes
{
    /// <summary>A new session: <c>{type, session: {GA config}}</c>.</summary>
    public const string SessionStart = "session.start";

    /// <summary>A connection resumed the session: <c>{type, last_seq}</c>; the message's <c>connection</c> is the new one.</summary>
    public const string SessionResume = "session.resume";

    /// <summary>The client closed the connection: <c>{type, reason}</c> (no more events from it; the session may be resumed).</summary>
    public const string SessionEnd = "session.end";
}
