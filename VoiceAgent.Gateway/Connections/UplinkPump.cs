using System.Diagnostics;
using System.Threading.Channels;
using VoiceAgent.Gateway.Diagnostics;
using VoiceAgent.Realtime.Link;
using VoiceAgent.RocketMQ;

namespace VoiceAgent.Gateway.Connections;

/// <summary>
/// Sends a connection's client events to <c>voice-uplink</c> in order, one send at a time: a bounded queue
/// between the socket and the broker (when it is full the receive loop waits, so the socket is not read: TCP
/// backpressure), and consecutive audio frames merged into one message: those that queued up while a send was in
/// flight, and those that arrive while a message holds less than the batch duration of audio (for at most that long
/// after its first frame). Any other event sends the audio before it at once, so a commit never waits for a batch.
/// </summary>
internal sealed class UplinkPump
{
    private readonly Channel<UplinkItem> _queue;
    private readonly Func<Producer> _producer;
    private readonly string _sessionId;
    private readonly string _connectionId;
    private readonly int _maxAudioBatchBytes;
    private readonly TimeSpan _audioBatch;
    private readonly TimeProvider _time;
    private long _useq;

    public UplinkPump(
        Func<Producer> producer, string sessionId, string connectionId, int capacity, int maxAudioBatchBytes, TimeSpan audioBatch, TimeProvider time)
    {
        _producer = producer;
        _sessionId = sessionId;
        _connectionId = connectionId;
        _maxAudioBatchBytes = maxAudioBatchBytes;
        _audioBatch = audioBatch;
        _time = time;
        _queue = Channel.CreateBounded<UplinkItem>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Messages sent so far (the last <c>useq</c>).</summary>
    public long Sent => Interlocked.Read(ref _useq);

    /// <summary>Queues an item, waiting while the queue is full; false when the pump has stopped (the item is disposed).</summary>
    public async ValueTask<bool> EnqueueAsync(UplinkItem item, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.Writer.WriteAsync(item, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is ChannelClosedException or OperationCanceledException)
        {
            item.Body.Dispose();
            return false;
        }
    }

    /// <summary>No more items: the pump sends what is queued, then <see cref="RunAsync"/> completes.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    /// <summary>Sends until completed; throws when the broker does not take a message (after the client's retries).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // Each client event starts its own trace: the connection's long-lived request span is no parent for a turn.
        Activity.Current = null;
        try
        {
            var reader = _queue.Reader;
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (reader.TryRead(out var item))
                {
                    if (item.Kind == UplinkItemKind.Audio)
                    {
                        await BatchAsync(reader, item, cancellationToken).ConfigureAwait(false);
                    }

                    try
                    {
                        await SendAsync(item, cancellationToken).ConfigureAwait(false);
                    }
                    finally
                    {
                        item.Body.Dispose();
                    }
                }
            }
        }
        finally
        {
            _queue.Writer.TryComplete();
            while (_queue.Reader.TryRead(out var left))
            {
                left.Body.Dispose();
            }
        }
    }

    /// <summary>
    /// Appends the audio frames queued behind <paramref name="first"/> (same format) to it, waiting for more while it
    /// holds less than the batch duration, no other item is queued and the batch's time since its first frame is not up.
    /// </summary>
    private async Task BatchAsync(ChannelReader<UplinkItem> reader, UplinkItem first, CancellationToken cancellationToken)
    {
        var target = Math.Min(_maxAudioBatchBytes, first.Format.GetByteCount(_audioBatch));
        var started = _time.GetTimestamp();
        while (Append(reader, first) && first.Body.WrittenCount < target)
        {
            var left = _audioBatch - _time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                return;
            }

            var more = reader.WaitToReadAsync(cancellationToken).AsTask();
            if (await Task.WhenAny(more, Task.Delay(left, _time, cancellationToken)).ConfigureAwait(false) != more || !await more.ConfigureAwait(false))
            {
                return;
            }
        }
    }

    /// <summary>Appends the audio frames queued right behind <paramref name="first"/>; false when something else is next.</summary>
    private bool Append(ChannelReader<UplinkItem> reader, UplinkItem first)
    {
        while (reader.TryPeek(out var next))
        {
            if (next.Kind != UplinkItemKind.Audio
                || next.Format != first.Format
                || first.Body.WrittenCount + next.Body.WrittenCount > _maxAudioBatchBytes
                || !reader.TryRead(out next))
            {
                return false;
            }

            var span = first.Body.GetSpan(next.Body.WrittenCount);
            next.Body.WrittenSpan.CopyTo(span);
            first.Body.Advance(next.Body.WrittenCount);
            next.Body.Dispose();
        }

        return true;
    }

    private async Task SendAsync(UplinkItem item, CancellationToken cancellationToken)
    {
        var useq = Interlocked.Increment(ref _useq);
        var body = item.Body.WrittenMemory;
        var message = item.Kind switch
        {
            UplinkItemKind.Audio => UplinkMessages.CreateAudio(_sessionId, _connectionId, useq, item.Format, body),
            UplinkItemKind.Control => UplinkMessages.CreateControl(_sessionId, _connectionId, useq, body),
            _ => UplinkMessages.CreateEvent(_sessionId, _connectionId, useq, body),
        };

        if (item.Kind == UplinkItemKind.Audio)
        {
            await _producer().SendAsync(message, cancellationToken).ConfigureAwait(false);
            return;
        }

        using var activity = GatewayTelemetry.Source.StartActivity($"realtime.client_event {item.EventType}", ActivityKind.Producer);
        activity?.SetTag("voiceagent.session.id", _sessionId);
        activity?.SetTag("voiceagent.connection.id", _connectionId);
        activity?.SetTag("voiceagent.event.type", item.EventType);
        try
        {
            await _producer().SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            throw;
        }
    }
}
