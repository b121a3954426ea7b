using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace VoiceAgent.Gateway.Diagnostics;

/// <summary>
/// The gateway's ActivitySource and Meter, both <c>VoiceAgent.Gateway</c>: spans for client events sent on the
/// uplink and server events delivered to the socket; counters of sessions, events, drops, resumes and queues.
/// </summary>
internal sealed class GatewayTelemetry : IDisposable
{
    public const string Name = "VoiceAgent.Gateway";

    public static readonly ActivitySource Source = new(Name);

    private readonly Meter _meter;
    private readonly Counter<long> _eventsIn;
    private readonly Counter<long> _eventsOut;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _resumes;
    private readonly Counter<long> _closed;
    private readonly UpDownCounter<long> _sessions;
    private long _queued;

    public GatewayTelemetry(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(Name);
        _sessions = _meter.CreateUpDownCounter<long>("voiceagent.gateway.sessions.active", "{session}", "Sessions with a live connection on this gateway.");
        _eventsIn = _meter.CreateCounter<long>("voiceagent.gateway.events.received", "{event}", "Client events received (audio, event, invalid).");
        _eventsOut = _meter.CreateCounter<long>("voiceagent.gateway.events.sent", "{event}", "Server events written to sockets (event, audio).");
        _dropped = _meter.CreateCounter<long>("voiceagent.gateway.events.dropped", "{event}", "Server events acknowledged but not sent (cancelled response, duplicate).");
        _resumes = _meter.CreateCounter<long>("voiceagent.gateway.resumes", "{resume}", "Resume attempts by outcome.");
        _closed = _meter.CreateCounter<long>("voiceagent.gateway.connections.closed", "{connection}", "Closed connections by close code.");
        _meter.CreateObservableUpDownCounter("voiceagent.gateway.send_queue.depth", () => Interlocked.Read(ref _queued), "{frame}", "Frames waiting for a socket, over all connections.");
    }

    public void SessionOpened() => _sessions.Add(1);

    public void SessionClosed(int closeCode)
    {
        _sessions.Add(-1);
        _closed.Add(1, new KeyValuePair<string, object?>("websocket.close_code", closeCode));
    }

    /// <summary>A connection refused before it became a session (bad resume token, gateway full).</summary>
    public void Rejected(int closeCode) => _closed.Add(1, new KeyValuePair<string, object?>("websocket.close_code", closeCode));

    public void Received(string kind) => _eventsIn.Add(1, new KeyValuePair<string, object?>("voiceagent.event.kind", kind));

    public void Sent(string kind) => _eventsOut.Add(1, new KeyValuePair<string, object?>("voiceagent.event.kind", kind));

    public void Dropped(string reason) => _dropped.Add(1, new KeyValuePair<string, object?>("voiceagent.drop.reason", reason));

    public void Resumed(string outcome) => _resumes.Add(1, new KeyValuePair<string, object?>("voiceagent.resume.outcome", outcome));

    public void Enqueued() => Interlocked.Increment(ref _queued);

    public void Dequeued() => Interlocked.Decrement(ref _queued);

    public void Dispose() => _meter.Dispose();
}
