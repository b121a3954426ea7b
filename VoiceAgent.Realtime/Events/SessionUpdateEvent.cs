using VoiceAgent.Realtime.Sessions;

namespace VoiceAgent.Realtime.Events;

/// <summary><c>session.update</c>.</summary>
public sealed record SessionUpdateEvent(SessionUpdate Session) : ClientEvent
{
    public override string Type => RealtimeEventTypes.SessionUpdate;
}
