namespace VoiceAgent.Realtime.Events;

/// <summary><c>conversation.item.truncate</c>: the user heard the item's audio only up to <see cref="AudioEndMs"/>.</summary>
public sealed record ConversationItemTruncateEvent(string ItemId, int ContentIndex, int AudioEndMs) : ClientEvent
{
    public override string Type => RealtimeEventTypes.ConversationItemTruncate;
}
