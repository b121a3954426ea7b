using VoiceAgent.Realtime.Responses;

namespace VoiceAgent.Realtime.Events;

/// <summary><c>response.create</c>, with optional per-response settings.</summary>
public sealed record ResponseCreateEvent(ResponseCreateOptions? Response = null) : ClientEvent
{
    public override string Type => RealtimeEventTypes.ResponseCreate;
}
