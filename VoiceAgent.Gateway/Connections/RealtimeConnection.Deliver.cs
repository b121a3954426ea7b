using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;
using VoiceAgent.Gateway.Diagnostics;
using VoiceAgent.Realtime.Events;
using VoiceAgent.Realtime.Json;
using VoiceAgent.Realtime.Link;
using VoiceAgent.Realtime.Sessions;
using VoiceAgent.RocketMQ;

namespace VoiceAgent.Gateway.Connections;

internal sealed partial class RealtimeConnection
{
    /// <summary>
    /// Delivers one downlink message of this session: renders its frame with <c>seq = offset + 1</c>, queues it
    /// and answers only once it was written (ack), dropped on purpose (ack) or not written because the connection
    /// closed (suspend, after the subscription was released, so that the next connection gets it).
    /// </summary>
    public async ValueTask<ConsumeResult> DeliverAsync(MessageView message, CancellationToken cancellationToken)
    {
        await _subscribed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (IsClosing)
        {
            return await HandBackAsync(cancellationToken).ConfigureAwait(false);
        }

        if (!DownlinkEnvelope.TryRead(message, out var envelope, out var problem))
        {
            Log.BadDownlink(_services.Logger, SessionId, message.MessageId, problem);
            return ConsumeResult.Success;
        }

        var offset = message.Offset;
        var seq = offset >= 0 ? offset + 1 : Interlocked.Read(ref _lastSeq) + 1;
        CheckResumeWindow(seq, envelope);
        if (seq <= Interlocked.Read(ref _lastSeq))
        {
            // Delivered before (a redelivery after a resume or a handover): the client has it.
            _services.Telemetry.Dropped("duplicate_seq");
            return ConsumeResult.Success;
        }

        if (envelope.EventId is { } eventId && _recentEventIds.Contains(eventId))
        {
            _services.Telemetry.Dropped("duplicate_event_id");
            Interlocked.Exchange(ref _lastSeq, seq);
            return ConsumeResult.Success;
        }

        using var activity = envelope.Kind == LinkMessageKind.Event ? GatewayTelemetry.Source.StartActivity("realtime.deliver", ActivityKind.Consumer) : null;
        var frame = envelope.Kind == LinkMessageKind.Audio ? RenderAudio(envelope, seq) : RenderEvent(envelope, seq, activity);
        if (frame is null)
        {
            _services.Telemetry.Dropped("cancelled");
            Interlocked.Exchange(ref _lastSeq, seq);
            return ConsumeResult.Success;
        }

        if (!_writer.TryEnqueue(frame))
        {
            frame.Complete(FrameOutcome.NotWritten);
            if (!IsClosing)
            {
                BeginClose(CloseCodes.SlowConsumer, "client too slow", RealtimeError.InvalidRequest(RealtimeErrorCodes.SlowConsumer, "The client did not read events fast enough; resume to receive the rest."));
            }

            return await HandBackAsync(cancellationToken).ConfigureAwait(false);
        }

        var outcome = await frame.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (outcome == FrameOutcome.NotWritten)
        {
            return await HandBackAsync(cancellationToken).ConfigureAwait(false);
        }

        if (outcome == FrameOutcome.Dropped)
        {
            _services.Telemetry.Dropped("cancelled");
        }

        Interlocked.Exchange(ref _lastSeq, seq);
        if (envelope.EventId is { } delivered)
        {
            _recentEventIds.Add(delivered);
        }

        return ConsumeResult.Success;
    }

    /// <summary>Hands a message back once the lite topic is released, so that it goes to the session's next holder.</summary>
    private async ValueTask<ConsumeResult> HandBackAsync(CancellationToken cancellationToken)
    {
        await _released.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        return ConsumeResult.Suspend(ConnectionRegistry.HandBackDelay);
    }

    /// <summary>
    /// On the first message after a resume: events after <c>last_seq</c> older than the broker's replay window are
    /// gone; the client hears so (an error without seq) before delivery goes on from the oldest retained event.
    /// </summary>
    private void CheckResumeWindow(long seq, DownlinkEnvelope envelope)
    {
        if (!_firstDelivery)
        {
            return;
        }

        _firstDelivery = false;
        var start = _start!;
        if (!start.IsResume)
        {
            return;
        }

        var ownResumed = envelope.EventId is { } id && id.StartsWith(ConnectionId, StringComparison.Ordinal);
        if (seq > start.LastSeq + 1 || (ownResumed && seq <= start.LastSeq))
        {
            if (seq <= start.LastSeq)
            {
                // The lite topic expired and started again: its offsets restart.
                Interlocked.Exchange(ref _lastSeq, seq - 1);
            }

            var error = new PooledBufferWriter();
            ServerEventWriter.WriteError(error, NextOwnEventId(), RealtimeError.InvalidRequest(
                RealtimeErrorCodes.ResumeWindowExceeded,
                $"Events after seq {start.LastSeq} are no longer kept; delivery continues at seq {seq}."));
            _writer.TryEnqueue(new OutboundFrame(error, WebSocketMessageType.Text));
        }
    }

    private OutboundFrame? RenderAudio(DownlinkEnvelope envelope, long seq)
    {
        var content = envelope.Content!.Value;
        if (_responses.IsCancelled(content.ResponseId))
        {
            return null;
        }

        var view = View;
        var format = envelope.Format ?? view.Output;
        var audio = envelope.Body.Span;
        var buffer = new PooledBufferWriter(audio.Length + 256);
        WebSocketMessageType type;
        if (view.BinaryOutputAudio)
        {
            ServerEventFrames.WriteBinaryAudio(buffer, seq, audio);
            type = WebSocketMessageType.Binary;
        }
        else
        {
            ServerEventFrames.WriteAudioDelta(buffer, seq, envelope.EventId!, content, audio, view.Dialect);
            type = WebSocketMessageType.Text;
        }

        return new OutboundFrame(buffer, type, format.GetDuration(audio.Length), content.ResponseId, droppable: true);
    }

    private OutboundFrame? RenderEvent(DownlinkEnvelope envelope, long seq, Activity? activity)
    {
        var json = envelope.Body.Span;
        if (!ServerEventReader.TryReadHeader(json, out var header))
        {
            Log.BadDownlink(_services.Logger, SessionId, envelope.EventId ?? "", "the event is not a JSON object with a type");
            return null;
        }

        activity?.SetTag("voiceagent.session.id", SessionId);
        activity?.SetTag("voiceagent.event.type", header.Type);
        activity?.DisplayName = $"realtime.deliver {header.Type}";
        var responseId = header.ResponseId ?? envelope.ResponseId;
        PooledBufferWriter? rewritten = null;
        switch (header.Type)
        {
            case RealtimeEventTypes.ResponseCreated:
                _responses.Created(responseId);
                break;
            case RealtimeEventTypes.ResponseDone:
                _responses.Done(responseId);
                break;
            case RealtimeEventTypes.InputAudioBufferSpeechStarted when View.InterruptResponse:
                // Barge-in: whatever the processor still sends of the response in progress is dropped from here on.
                _responses.Cancel(null);
                break;
            case RealtimeEventTypes.SessionUpdated:
                rewritten = RenderSessionUpdated(json, header);
                break;
            default:
                if (RealtimeEventTypes.IsResponseOutputDelta(header.Type) && _responses.IsCancelled(responseId))
                {
                    return null;
                }

                break;
        }

        try
        {
            var source = rewritten is null ? json : rewritten.WrittenSpan;
            var view = View;
            var buffer = new PooledBufferWriter(source.Length + 32);
            if (view.Dialect == RealtimeDialect.Beta && ServerEventDialect.NeedsBetaRewrite(header.Type))
            {
                using var beta = new PooledBufferWriter(source.Length + 64);
                ServerEventDialect.WriteBeta(source, beta);
                ServerEventFrames.WriteWithSeq(buffer, seq, beta.WrittenSpan);
            }
            else
            {
                ServerEventFrames.WriteWithSeq(buffer, seq, source);
            }

            return new OutboundFrame(buffer, WebSocketMessageType.Text, responseId: responseId, droppable: RealtimeEventTypes.IsResponseOutputDelta(header.Type));
        }
        finally
        {
            rewritten?.Dispose();
        }
    }

    /// <summary>
    /// <c>session.updated</c> tells the gateway the session's settings (binary output, formats, barge-in); it is
    /// delivered with a fresh resume token that carries them to whichever gateway the client resumes on.
    /// </summary>
    private PooledBufferWriter? RenderSessionUpdated(ReadOnlySpan<byte> json, ServerEventHeader header)
    {
        if (!ServerEventReader.TryFindObject(json, "session"u8, out var reader) || !SessionJson.TryReadConfig(ref reader, out var config, out _))
        {
            return null;
        }

        UpdateView(view => view with
        {
            BinaryOutputAudio = config.Extensions.BinaryOutputAudio,
            InputFormat = config.Audio.Input.Format,
            OutputFormat = config.Audio.Output.Format,
            InterruptResponse = config.Audio.Input.TurnDetection?.InterruptResponse ?? true,
        });
        var token = _services.Tokens.Issue(View);
        var rendered = new PooledBufferWriter(json.Length + 128);
        ServerEventWriter.WriteSessionUpdated(rendered, header.EventId ?? "", config, SessionId, token);
        return rendered;
    }
}
