using VoiceAgent.Realtime.Sessions;

namespace VoiceAgent.Realtime.Link;

/// <summary>An uplink control message (tag <c>control</c>).</summary>
/// <param name="Type">See <see cref="ControlMessageTypes"/>.</param>
/// <param name="Session">The initial configuration (<c>session.start</c>).</param>
/// <param name="LastSeq">The last seq the client had (<c>session.resume</c>).</param>
/// <param name="Reason">Why the connection ended (<c>session.end</c>).</param>
public sealed record ControlMessage(string Type, SessionConfig? Session = null, long? LastSeq = null, string? Reason = null);
