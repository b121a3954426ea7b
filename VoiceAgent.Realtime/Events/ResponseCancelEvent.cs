namespace VoiceAgent.Realtime.Events;

/// <summary><c>response.cancel</c>: cancel the given response, or the one in progress.</summary>
public sealed record ResponseCancelEvent(string? ResponseId = null) : ClientEvent
{
    public override string Type => RealtimeEventTypes.ResponseCancel;
}
