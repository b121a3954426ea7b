using System.Buffers;
using System.Net.WebSockets;
using VoiceAgent.Realtime.Events;
using VoiceAgent.Realtime.Json;

namespace VoiceAgent.Gateway.Connections;

internal sealed partial class RealtimeConnection
{
    private const int ReceiveChunk = 16 * 1024;

    private int _invalidStreak;

    /// <summary>Reads client frames until the client closes (or, once closing, until its close frame arrives).</summary>
    private async Task ReceiveAsync()
    {
        var options = _services.Options;
        using var frame = new PooledBufferWriter(ReceiveChunk);
        while (true)
        {
            frame.Clear();
            ValueWebSocketReceiveResult result;
            var tooLarge = false;
            do
            {
                result = await _socket.ReceiveAsync(frame.GetMemory(ReceiveChunk), _lifetime.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    var status = _socket.CloseStatus is { } code ? (int)code : CloseCodes.Normal;
                    BeginClose(status is CloseCodes.Normal or CloseCodes.GoingAway ? status : CloseCodes.Normal, "", (PooledBufferWriter?)null);
                    return;
                }

                if (!tooLarge)
                {
                    frame.Advance(result.Count);
                    if (frame.WrittenCount > options.MaxFrameBytes)
                    {
                        // Closed at once, not at the end of the message: a message may never end.
                        tooLarge = true;
                        frame.Clear();
                        if (!IsClosing)
                        {
                            _services.Telemetry.Received("invalid");
                            BeginClose(CloseCodes.MessageTooBig, "frame too large", RealtimeError.InvalidRequest(RealtimeErrorCodes.FrameTooLarge, $"Frames may be at most {options.MaxFrameBytes} bytes."));
                        }
                    }
                }
            }
            while (!result.EndOfMessage);

            if (IsClosing)
            {
                // Closing: the client's frames are no longer forwarded; wait for its close frame.
                continue;
            }

            Interlocked.Exchange(ref _lastClientFrame, _services.Time.GetTimestamp());

            if (!_rateLimiter.TryTake())
            {
                _services.Telemetry.Received("invalid");
                BeginClose(CloseCodes.PolicyViolation, "rate limit exceeded", RealtimeError.InvalidRequest(RealtimeErrorCodes.RateLimitExceeded, $"At most {options.MaxEventsPerSecond} events per second."));
                continue;
            }

            if (result.MessageType == WebSocketMessageType.Binary)
            {
                await OnBinaryAudioAsync(frame.WrittenMemory).ConfigureAwait(false);
            }
            else
            {
                await OnTextAsync(frame.WrittenMemory).ConfigureAwait(false);
            }
        }
    }

    private async Task OnBinaryAudioAsync(ReadOnlyMemory<byte> audio)
    {
        var format = View.Input;
        if (!format.IsValidChunk(audio.Span, out var problem))
        {
            await ReportInvalidAsync(RealtimeError.InvalidRequest(RealtimeErrorCodes.InvalidAudio, problem)).ConfigureAwait(false);
            return;
        }

        _invalidStreak = 0;
        if (audio.IsEmpty)
        {
            return;
        }

        _services.Telemetry.Received("audio");
        var body = new PooledBufferWriter(audio.Length);
        body.Write(audio.Span);
        await _uplink.EnqueueAsync(new UplinkItem(UplinkItemKind.Audio, body, format), _lifetime.Token).ConfigureAwait(false);
    }

    private async Task OnTextAsync(ReadOnlyMemory<byte> json)
    {
        var audio = new PooledBufferWriter();
        if (!ClientEventParser.TryParse(json.Span, audio, out var clientEvent, out var error))
        {
            audio.Dispose();
            await ReportInvalidAsync(error).ConfigureAwait(false);
            return;
        }

        if (clientEvent is InputAudioBufferAppendEvent append)
        {
            await OnAppendAsync(append, audio).ConfigureAwait(false);
            return;
        }

        audio.Dispose();
        _invalidStreak = 0;
        _services.Telemetry.Received("event");
        switch (clientEvent)
        {
            case SessionUpdateEvent update:
                UpdateView(view => view with
                {
                    Dialect = update.Session.UsesBetaShape ? RealtimeDialect.Beta : view.Dialect,
                    InputFormat = update.Session.InputFormat ?? view.InputFormat,
                });
                break;
            case ResponseCancelEvent cancel:
                // Drop what is left of the response at once; the processor ends it with response.done cancelled.
                _responses.Cancel(cancel.ResponseId);
                break;
        }

        var body = new PooledBufferWriter(json.Length);
        ClientEventWriter.Write(body, clientEvent);
        await _uplink.EnqueueAsync(new UplinkItem(UplinkItemKind.Event, body, EventType: clientEvent.Type), _lifetime.Token).ConfigureAwait(false);
    }

    private async Task OnAppendAsync(InputAudioBufferAppendEvent append, PooledBufferWriter audio)
    {
        var format = View.Input;
        if (!format.IsValidChunk(audio.WrittenSpan, out var problem))
        {
            audio.Dispose();
            await ReportInvalidAsync(RealtimeError.InvalidRequest(RealtimeErrorCodes.InvalidAudio, problem, "audio", append.EventId)).ConfigureAwait(false);
            return;
        }

        _invalidStreak = 0;
        if (append.AudioLength == 0)
        {
            audio.Dispose();
            return;
        }

        _services.Telemetry.Received("audio");
        await _uplink.EnqueueAsync(new UplinkItem(UplinkItemKind.Audio, audio, format), _lifetime.Token).ConfigureAwait(false);
    }

    /// <summary>Answers a bad frame with an <c>error</c> in the session's stream; too many in a row close the connection.</summary>
    private async Task ReportInvalidAsync(RealtimeError error)
    {
        _services.Telemetry.Received("invalid");
        if (++_invalidStreak > _services.Options.MaxConsecutiveInvalidFrames)
        {
            BeginClose(CloseCodes.PolicyViolation, "too many invalid frames", error);
            return;
        }

        Log.InvalidFrame(_services.Logger, SessionId, ConnectionId, error.Code, error.Message);
        await ProduceOwnEventAsync((output, id) => ServerEventWriter.WriteError(output, id, error)).ConfigureAwait(false);
    }
}
