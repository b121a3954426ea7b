namespace VoiceAgent.Realtime.Events;

/// <summary>
/// The <c>error</c> object of an OpenAI Realtime <c>error</c> event:
/// <c>{"type":"invalid_request_error","code":..,"message":..,"param":..,"event_id":..}</c>.
/// </summary>
/// <param name="Type">The error class, e.g. <c>invalid_request_error</c> (<see cref="RealtimeErrorTypes"/>).</param>
/// <param name="Code">A machine-readable code (<see cref="RealtimeErrorCodes"/>).</param>
/// <param name="Message">What went wrong, for people.</param>
/// <param name="Param">The offending parameter, e.g. <c>session.audio.input.format.rate</c>.</param>
/// <param name="EventId">The <c>event_id</c> of the client event that caused it.</param>
public sealed record RealtimeError(string Type, string? Code, string Message, string? Param = null, string? EventId = null)
{
    /// <summary>An <c>invalid_request_error</c>.</summary>
    public static RealtimeError InvalidRequest(string code, string message, string? param = null, string? eventId = null) =>
        new(RealtimeErrorTypes.InvalidRequest, code, message, param, eventId);

    /// <summary>The same error, attributed to the client event <paramref name="eventId"/>.</summary>
    public RealtimeError WithEventId(string? eventId) => eventId is null ? this : this with { EventId = eventId };
}
