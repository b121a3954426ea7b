namespace VoiceAgent.Realtime.Events;

/// <summary>The top-level identifying fields of a server event, read by <see cref="ServerEventReader"/>.</summary>
/// <param name="Type">The event type as written (GA or beta name).</param>
/// <param name="EventId">The event's <c>event_id</c>.</param>
/// <param name="ResponseId">The <c>response_id</c> field, or the <c>response.id</c> of response.created/done.</param>
/// <param name="Seq">The <c>seq</c> the gateway added, when present.</param>
public readonly record struct ServerEventHeader(string Type, string? EventId, string? ResponseId, long? Seq);
