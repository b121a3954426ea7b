using System.Net.WebSockets;
using System.Threading.Channels;
using VoiceAgent.Gateway.Diagnostics;

namespace VoiceAgent.Gateway.Connections;

/// <summary>
/// The only writer of a connection's socket: a bounded queue of frames written in order, output audio paced to
/// playback speed, deltas of cancelled responses dropped, and on close the final event and close frame.
/// </summary>
internal sealed class ConnectionWriter
{
    private readonly WebSocket _socket;
    private readonly Channel<OutboundFrame> _queue;
    private readonly AudioPacer _pacer;
    private readonly ResponseTracker _responses;
    private readonly GatewayTelemetry _telemetry;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _closing = new();
    private CloseRequest? _close;
    private long _sendStarted;
    private int _epoch;

    public ConnectionWriter(WebSocket socket, int capacity, AudioPacer pacer, ResponseTracker responses, GatewayTelemetry telemetry, TimeProvider time)
    {
        _socket = socket;
        _pacer = pacer;
        _responses = responses;
        _telemetry = telemetry;
        _time = time;
        _queue = Channel.CreateBounded<OutboundFrame>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>How long the write in progress has been pending; zero when none is.</summary>
    public TimeSpan PendingSend
    {
        get
        {
            var started = Interlocked.Read(ref _sendStarted);
            return started == 0 ? TimeSpan.Zero : _time.GetElapsedTime(started);
        }
    }

    /// <summary>Queues a frame; false when the queue is full or the connection is closing.</summary>
    public bool TryEnqueue(OutboundFrame frame)
    {
        if (!_queue.Writer.TryWrite(frame))
        {
            return false;
        }

        _telemetry.Enqueued();
        return true;
    }

    /// <summary>Stops writing queued frames (they end <see cref="FrameOutcome.NotWritten"/>) and closes after the write in progress.</summary>
    public void RequestClose(CloseRequest close)
    {
        if (Interlocked.CompareExchange(ref _close, close, null) is not null)
        {
            close.FinalEvent?.Dispose();
            return;
        }

        _queue.Writer.TryComplete();
        _closing.Cancel();
    }

    /// <summary>Writes until a close is requested or the socket fails, then sends the close.</summary>
    public async Task RunAsync()
    {
        try
        {
            await WriteFramesAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // The socket is gone; what was not written stays in the broker.
        }
        finally
        {
            FailQueued();
        }

        await SendCloseAsync().ConfigureAwait(false);
    }

    private async Task WriteFramesAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync(_closing.Token).ConfigureAwait(false))
        {
            while (reader.TryRead(out var frame))
            {
                _telemetry.Dequeued();
                if (_closing.IsCancellationRequested)
                {
                    frame.Complete(FrameOutcome.NotWritten);
                    continue;
                }

                if (await ShouldDropAsync(frame).ConfigureAwait(false))
                {
                    frame.Complete(FrameOutcome.Dropped);
                    continue;
                }

                if (_closing.IsCancellationRequested)
                {
                    frame.Complete(FrameOutcome.NotWritten);
                    continue;
                }

                Interlocked.Exchange(ref _sendStarted, _time.GetTimestamp());
                try
                {
                    // Not cancellable by a close: a cancelled send would abort the socket before the close frame.
                    await _socket.SendAsync(frame.Payload, frame.Type, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
                }
                catch
                {
                    frame.Complete(FrameOutcome.NotWritten);
                    throw;
                }
                finally
                {
                    Interlocked.Exchange(ref _sendStarted, 0);
                }

                if (frame.AudioDuration > TimeSpan.Zero)
                {
                    _pacer.Written(frame.AudioDuration);
                }

                _telemetry.Sent(frame.AudioDuration > TimeSpan.Zero ? "audio" : "event");
                frame.Complete(FrameOutcome.Written);
            }
        }
    }

    /// <summary>Drops a delta of a cancelled response, also one that was waiting for its playback time.</summary>
    private async ValueTask<bool> ShouldDropAsync(OutboundFrame frame)
    {
        if (frame.Droppable && _responses.IsCancelled(frame.ResponseId))
        {
            return true;
        }

        if (frame.AudioDuration <= TimeSpan.Zero)
        {
            return false;
        }

        while (true)
        {
            var epoch = _responses.Epoch;
            if (epoch != _epoch)
            {
                // A barge-in: the client stopped playing what it held.
                _epoch = epoch;
                _pacer.Reset();
            }

            var wait = _pacer.DelayBeforeNext();
            if (wait <= TimeSpan.Zero)
            {
                return false;
            }

            using var wake = CancellationTokenSource.CreateLinkedTokenSource(_responses.BargeIn, _closing.Token);
            try
            {
                await Task.Delay(wait, _time, wake.Token).ConfigureAwait(false);
                return false;
            }
            catch (OperationCanceledException)
            {
                if (_closing.IsCancellationRequested)
                {
                    return false;
                }

                if (frame.Droppable && _responses.IsCancelled(frame.ResponseId))
                {
                    return true;
                }
            }
        }
    }

    private void FailQueued()
    {
        _queue.Writer.TryComplete();
        while (_queue.Reader.TryRead(out var frame))
        {
            _telemetry.Dequeued();
            frame.Complete(FrameOutcome.NotWritten);
        }
    }

    private async Task SendCloseAsync()
    {
        var close = Volatile.Read(ref _close);
        if (close is null || _socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            close?.FinalEvent?.Dispose();
            return;
        }

        try
        {
            if (close.FinalEvent is { } final)
            {
                await _socket.SendAsync(final.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
            }

            await _socket.CloseOutputAsync((WebSocketCloseStatus)close.Code, close.Reason, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // The client went away first; the connection ends all the same.
        }
        finally
        {
            close.FinalEvent?.Dispose();
        }
    }
}
