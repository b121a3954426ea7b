using System.Diagnostics;
using VoiceAgent.Processor.Downlink;
using VoiceAgent.Processor.Sessions;
using VoiceAgent.Realtime.Link;
using VoiceAgent.Realtime.Sessions;

namespace VoiceAgent.Processor.Uplink;

/// <summary>
/// One uplink message being applied: its envelope, the session's record, the changes and events it produces.
/// Events get ids <c>{connection}:{useq}:{n}</c>, the same when a redelivered message is applied again.
/// </summary>
internal sealed class UplinkContext(UplinkEnvelope envelope, SessionRecord record, long nowUnixMs)
{
    private int _events;

    public UplinkEnvelope Envelope { get; } = envelope;

    public SessionRecord Record { get; } = record;

    public SessionChanges Changes { get; } = new();

    public List<DownlinkMessage> Events { get; } = [];

    public string SessionId => Envelope.SessionId;

    /// <summary>The session's configuration (as this message changes it).</summary>
    public SessionConfig Config { get; set; } = SessionConfigs.Read(record.ConfigJson);

    /// <summary>When the message is being applied (Unix ms).</summary>
    public long NowUnixMs { get; } = nowUnixMs;

    /// <summary>Identifies this message as the one that cancelled a response.</summary>
    public string Marker => $"{Envelope.ConnectionId}:{Envelope.Useq}";

    /// <summary>The trace context the turn runner continues: the current span (the uplink message's process span).</summary>
    public string? TraceParent => Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    public void Publish(Func<string, byte[]> build, string? responseId = null)
    {
        var eventId = $"{Marker}:{_events++}";
        Events.Add(DownlinkMessage.Event(build(eventId), eventId, responseId));
    }

    /// <summary>Publishes with a given id (a response's <c>response.done</c>, shared with its runner).</summary>
    public void PublishWithId(string eventId, byte[] json, string? responseId) => Events.Add(DownlinkMessage.Event(json, eventId, responseId));

    public void SetConfig(SessionConfig config)
    {
        Config = config;
        Record.ConfigJson = SessionConfigs.Write(config);
        Record.ConfigChanged = true;
    }
}
