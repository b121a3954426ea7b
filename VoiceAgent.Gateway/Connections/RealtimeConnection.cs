using System.Buffers;
using System.Net.WebSockets;
using VoiceAgent.Gateway.Security;
using VoiceAgent.Realtime.Events;
using VoiceAgent.Realtime.Json;
using VoiceAgent.Realtime.Link;
using VoiceAgent.RocketMQ;

namespace VoiceAgent.Gateway.Connections;

/// <summary>
/// One client WebSocket holding one session: the receive loop (client frames to the uplink pump), delivery of the
/// session's downlink messages through the writer (ack after write), and the close sequence (final event, close
/// code, subscription released so that undelivered events wait in the lite topic for the next connection).
/// </summary>
internal sealed partial class RealtimeConnection
{
    private readonly WebSocket _socket;
    private readonly ConnectionServices _services;
    private readonly ConnectionWriter _writer;
    private readonly UplinkPump _uplink;
    private readonly ResponseTracker _responses = new();
    private readonly RecentEventIds _recentEventIds = new();
    private readonly EventRateLimiter _rateLimiter;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _viewLock = new();
    private ResumeState _view;
    private SessionStart? _start;
    private long _lastSeq;
    private bool _firstDelivery = true;
    private long _lastClientFrame;
    private long _ownEventCount;
    private int _closing;
    private int _closeCode = CloseCodes.Normal;
    private string? _endReason;
    private int _released0;
    private int _revoked;

    public RealtimeConnection(WebSocket socket, ResumeState view, ConnectionServices services)
    {
        _socket = socket;
        _view = view;
        _services = services;
        SessionId = view.SessionId;
        ConnectionId = SessionIds.NewConnectionId();
        var options = services.Options;
        _writer = new ConnectionWriter(socket, options.SendQueueCapacity, new AudioPacer(options.AudioLead, services.Time), _responses, services.Telemetry, services.Time);
        _uplink = new UplinkPump(() => services.Link.Producer, SessionId, ConnectionId, options.UplinkQueueCapacity, options.MaxAudioBatchBytes, options.AudioBatchDuration, services.Time);
        _rateLimiter = new EventRateLimiter(options.MaxEventsPerSecond, services.Time);
        _lastClientFrame = services.Time.GetTimestamp();
    }

    public string SessionId { get; }

    public string ConnectionId { get; }

    /// <summary>Whether the connection is closing or closed.</summary>
    public bool IsClosing => Volatile.Read(ref _closing) != 0;

    private ResumeState View
    {
        get
        {
            lock (_viewLock)
            {
                return _view;
            }
        }
    }

    /// <summary>Runs the connection until it is closed.</summary>
    public async Task RunAsync(SessionStart start)
    {
        _start = start;
        _lastSeq = start.IsResume ? start.LastSeq : 0;
        var writing = Task.Run(_writer.RunAsync);
        var uplinkCancellation = new CancellationTokenSource();
        var sending = Task.Run(() => PumpUplinkAsync(uplinkCancellation.Token));
        var attached = false;
        try
        {
            await _services.Registry.AttachAsync(this, SubscribeAsync, _lifetime.Token).ConfigureAwait(false);
            attached = true;
            _services.Telemetry.SessionOpened();
            Log.Opened(_services.Logger, SessionId, ConnectionId, start.IsResume, start.LastSeq);
            if (start.IsResume)
            {
                await EnqueueControlAsync(new ControlMessage(ControlMessageTypes.SessionResume, LastSeq: start.LastSeq)).ConfigureAwait(false);
                var token = _services.Tokens.Issue(View);
                await ProduceOwnEventAsync((output, id) => ServerEventWriter.WriteSessionResumed(output, id, SessionId, token, start.LastSeq)).ConfigureAwait(false);
            }
            else
            {
                // session.created first, so that it is seq 1; then the processor learns of the session.
                var token = _services.Tokens.Issue(View);
                await ProduceOwnEventAsync((output, id) => ServerEventWriter.WriteSessionCreated(output, id, start.Config, SessionId, token, View.Dialect)).ConfigureAwait(false);
                await EnqueueControlAsync(new ControlMessage(ControlMessageTypes.SessionStart, start.Config)).ConfigureAwait(false);
            }

            await ReceiveAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            // The client vanished or the close timed out; or it stopped answering pings.
            if (!IsClosing && IsKeepAliveTimeout(e))
            {
                Log.KeepAliveTimeout(_services.Logger, SessionId, ConnectionId, _services.Options.KeepAliveInterval + _services.Options.KeepAliveTimeout);
                BeginClose(CloseCodes.AbnormalClosure, "keep-alive timeout", (PooledBufferWriter?)null, "keepalive_timeout");
            }
        }
        catch (Exception e) when (e is RocketMQException or InvalidOperationException)
        {
            Log.BrokerFailed(_services.Logger, SessionId, ConnectionId, e);
            BeginClose(CloseCodes.InternalError, "uplink unavailable", RealtimeError.InvalidRequest(RealtimeErrorCodes.UplinkUnavailable, "The gateway could not reach the broker; reconnect and resume.") with { Type = RealtimeErrorTypes.Server });
        }
        finally
        {
            await FinishAsync(attached, writing, sending, uplinkCancellation).ConfigureAwait(false);
        }
    }

    /// <summary>Another connection (here or on another gateway) took the session: close with 4009.</summary>
    public void TakenOver() =>
        BeginClose(CloseCodes.TakenOver, "session taken over", RealtimeError.InvalidRequest(RealtimeErrorCodes.SessionTakenOver, "Another connection resumed this session."));

    /// <summary>The broker gave the lite topic to another gateway: nothing to unsubscribe; close with 4009.</summary>
    public void Revoked()
    {
        Volatile.Write(ref _revoked, 1);
        TakenOver();
    }

    /// <summary>The gateway is shutting down: tell the client to reconnect elsewhere and close with 1012.</summary>
    public void Drain()
    {
        var reconnect = new PooledBufferWriter();
        ServerEventWriter.WriteSessionReconnect(reconnect, NextOwnEventId(), "gateway_shutdown");
        BeginClose(CloseCodes.ServiceRestart, "gateway shutting down", reconnect);
    }

    /// <summary>Closes idle connections and clients that stopped reading.</summary>
    public void CheckTimeouts()
    {
        if (IsClosing)
        {
            return;
        }

        var options = _services.Options;
        if (_writer.PendingSend > options.SlowClientTimeout)
        {
            Log.SlowClient(_services.Logger, SessionId, ConnectionId, _writer.PendingSend);
            BeginClose(CloseCodes.SlowConsumer, "client too slow", RealtimeError.InvalidRequest(RealtimeErrorCodes.SlowConsumer, "The client did not read events fast enough; resume to receive the rest."));
        }
        else if (_services.Time.GetElapsedTime(Interlocked.Read(ref _lastClientFrame)) > options.IdleTimeout)
        {
            // 1000: nothing went wrong; the error event before it (idle_timeout) says why.
            BeginClose(CloseCodes.Normal, "idle timeout", RealtimeError.InvalidRequest(RealtimeErrorCodes.IdleTimeout, $"No client event for {options.IdleTimeout.TotalSeconds:F0} s."), "idle_timeout");
        }
    }

    /// <summary>Unsubscribes the lite topic (once) so its undelivered messages go to the session's next connection.</summary>
    public async Task ReleaseSubscriptionAsync()
    {
        if (Interlocked.Exchange(ref _released0, 1) != 0)
        {
            await _released.Task.ConfigureAwait(false);
            return;
        }

        try
        {
            if (Volatile.Read(ref _revoked) == 0 && _services.Link.IsReady)
            {
                await _services.Link.Consumer.UnsubscribeLiteAsync(SessionId).WaitAsync(_services.Options.CloseTimeout).ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            Log.UnsubscribeFailed(_services.Logger, SessionId, ConnectionId, e);
        }
        finally
        {
            _subscribed.TrySetResult();
            _released.TrySetResult();
        }
    }

    private async Task SubscribeAsync()
    {
        var start = _start!;
        var offset = start.IsResume ? OffsetOption.FromOffset(start.LastSeq) : null;
        await _services.Link.Consumer.SubscribeLiteAsync(SessionId, offset, _lifetime.Token).ConfigureAwait(false);
        _subscribed.TrySetResult();
    }

    private async Task PumpUplinkAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _uplink.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            Log.BrokerFailed(_services.Logger, SessionId, ConnectionId, e);
            BeginClose(CloseCodes.InternalError, "uplink unavailable", new RealtimeError(RealtimeErrorTypes.Server, RealtimeErrorCodes.UplinkUnavailable, "The gateway could not forward events to the broker; reconnect and resume."));
        }
    }

    private void BeginClose(int code, string reason, RealtimeError? error, string? endReason = null)
    {
        PooledBufferWriter? final = null;
        if (error is not null)
        {
            final = new PooledBufferWriter();
            ServerEventWriter.WriteError(final, NextOwnEventId(), error);
        }

        BeginClose(code, reason, final, endReason);
    }

    private void BeginClose(int code, string reason, PooledBufferWriter? finalEvent, string? endReason = null)
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0)
        {
            finalEvent?.Dispose();
            return;
        }

        _closeCode = code;
        _endReason = endReason;
        Log.Closing(_services.Logger, SessionId, ConnectionId, code, reason);
        _writer.RequestClose(new CloseRequest(code, reason, finalEvent));
        // The client gets this long to answer the close; then the socket is aborted.
        _lifetime.CancelAfter(_services.Options.CloseTimeout);
    }

    private async Task FinishAsync(bool attached, Task writing, Task sending, CancellationTokenSource uplinkCancellation)
    {
        BeginClose(CloseCodes.Normal, "", (PooledBufferWriter?)null);
        var options = _services.Options;
        if (attached)
        {
            await _services.Registry.DetachAsync(this).ConfigureAwait(false);
            _services.Telemetry.SessionClosed(_closeCode);
            await EnqueueControlAsync(new ControlMessage(ControlMessageTypes.SessionEnd, Reason: CloseReason())).ConfigureAwait(false);
        }
        else
        {
            await ReleaseSubscriptionAsync().ConfigureAwait(false);
        }

        _uplink.Complete();
        try
        {
            await sending.WaitAsync(options.CloseTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await uplinkCancellation.CancelAsync().ConfigureAwait(false);
        }

        try
        {
            await writing.WaitAsync(options.CloseTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _socket.Abort();
        }

        Log.Closed(_services.Logger, SessionId, ConnectionId, _closeCode, _uplink.Sent, Interlocked.Read(ref _lastSeq));
        uplinkCancellation.Dispose();
    }

    /// <summary>
    /// Whether the socket aborted itself because no pong came in time: the pending receive then fails as cancelled
    /// (Kestrel's ConnectionAbortedException) or faulted although nothing here cancelled or aborted it.
    /// </summary>
    private bool IsKeepAliveTimeout(Exception e) =>
        !_lifetime.IsCancellationRequested
        && _socket.State == WebSocketState.Aborted
        && (e is OperationCanceledException || (e as WebSocketException ?? e.InnerException as WebSocketException)?.WebSocketErrorCode == WebSocketError.Faulted);

    private string CloseReason() => _endReason ?? _closeCode switch
    {
        CloseCodes.TakenOver => "taken_over",
        CloseCodes.ServiceRestart => "gateway_shutdown",
        CloseCodes.SlowConsumer => "slow_consumer",
        CloseCodes.Normal or CloseCodes.GoingAway => "client_closed",
        _ => "error",
    };

    private ValueTask<bool> EnqueueControlAsync(ControlMessage control)
    {
        var body = new PooledBufferWriter();
        ControlMessageJson.Write(body, control);
        return _uplink.EnqueueAsync(new UplinkItem(UplinkItemKind.Control, body, EventType: control.Type), CancellationToken.None);
    }

    /// <summary>Writes one of the gateway's own server events to the session's lite topic, so that it gets a seq.</summary>
    private async Task ProduceOwnEventAsync(Action<IBufferWriter<byte>, string> write)
    {
        using var body = new PooledBufferWriter();
        var eventId = NextOwnEventId();
        write(body, eventId);
        await _services.Link.Producer.SendAsync(DownlinkMessages.CreateEvent(SessionId, eventId, null, body.WrittenMemory), _lifetime.Token).ConfigureAwait(false);
    }

    private string NextOwnEventId() => $"{ConnectionId}:{Interlocked.Increment(ref _ownEventCount)}";

    private void UpdateView(Func<ResumeState, ResumeState> change)
    {
        lock (_viewLock)
        {
            _view = change(_view);
        }
    }
}
