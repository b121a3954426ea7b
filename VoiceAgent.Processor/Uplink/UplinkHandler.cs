using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using VoiceAgent.Processor.Diagnostics;
using VoiceAgent.Processor.Downlink;
using VoiceAgent.Processor.Sessions;
using VoiceAgent.Processor.Turns;
using VoiceAgent.Realtime.Link;
using VoiceAgent.Realtime.Sessions;
using VoiceAgent.RocketMQ;

namespace VoiceAgent.Processor.Uplink;

/// <summary>
/// Handles one uplink message (one session's messages arrive one at a time, in order): load the session, skip what
/// is stale (another connection's) or already applied (a redelivery: its <c>useq</c> is not above the last one),
/// apply it, publish the events it produced, save, then return so the consumer acks. Publishing before saving
/// means a crash in between repeats events (with the same ids, dropped by the gateway) instead of losing them.
/// When the save queued turn jobs and claimed the lease, the turn runs here.
/// </summary>
internal sealed partial class UplinkHandler(
    ISessionStore store,
    DownlinkPublisher publisher,
    AudioApplier audio,
    ClientEventApplier events,
    TurnScheduler scheduler,
    ProcessorMetrics metrics,
    TimeProvider time,
    ILogger<UplinkHandler> logger)
{
    public async ValueTask<ConsumeResult> HandleAsync(MessageView message, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        if (!UplinkEnvelope.TryRead(message, out var envelope, out var error))
        {
            Log.InvalidMessage(logger, message.MessageId, error);
            metrics.UplinkMessage(message.Tag ?? "none", "invalid", Stopwatch.GetElapsedTime(started));
            return ConsumeResult.Success;
        }

        var record = await store.LoadAsync(envelope.SessionId, cancellationToken).ConfigureAwait(false);
        var outcome = Admit(envelope, record);
        if (outcome == "applied")
        {
            var context = new UplinkContext(envelope, record, time.GetUtcNow().ToUnixTimeMilliseconds());
            await ApplyAsync(context, cancellationToken).ConfigureAwait(false);
            await publisher.PublishAsync(envelope.SessionId, context.Events, cancellationToken).ConfigureAwait(false);
            record.Connection = envelope.ConnectionId;
            record.LastUseq = envelope.Useq;
            var claimed = await store.SaveAsync(record, context.Changes, context.Changes.Jobs.Count > 0 ? scheduler.Owner : null, cancellationToken)
                .ConfigureAwait(false);
            if (claimed)
            {
                scheduler.Run(envelope.SessionId);
            }
        }

        metrics.UplinkMessage(message.Tag ?? "none", outcome, Stopwatch.GetElapsedTime(started));
        return ConsumeResult.Success;
    }

    /// <summary>"applied", "duplicate" (already applied) or "stale" (from a connection that is no longer current).</summary>
    private static string Admit(UplinkEnvelope envelope, SessionRecord record)
    {
        var sameConnection = record.Connection == envelope.ConnectionId;
        if (sameConnection && envelope.Useq <= record.LastUseq)
        {
            return "duplicate";
        }

        if (!record.Exists || sameConnection)
        {
            return "applied";
        }

        // A new connection takes the session over with its first message (session.start or session.resume).
        return envelope.Kind == LinkMessageKind.Control && IsConnectionStart(envelope.Body.Span) ? "applied" : "stale";
    }

    private static bool IsConnectionStart(ReadOnlySpan<byte> body) =>
        ControlMessageJson.TryRead(body, out var control) && control.Type is ControlMessageTypes.SessionStart or ControlMessageTypes.SessionResume;

    private async Task ApplyAsync(UplinkContext context, CancellationToken cancellationToken)
    {
        var record = context.Record;
        if (!record.Exists)
        {
            record.IdPrefix = IdPrefixOf(context.SessionId);
            record.BufferStartMs = 0;
            context.SetConfig(SessionConfig.Default);
        }

        switch (context.Envelope.Kind)
        {
            case LinkMessageKind.Audio:
                await audio.ApplyAsync(context, context.Envelope.Format!.Value, context.Envelope.Body, cancellationToken).ConfigureAwait(false);
                break;
            case LinkMessageKind.Event:
                await events.ApplyAsync(context, context.Envelope.Body, cancellationToken).ConfigureAwait(false);
                break;
            default:
                ApplyControl(context);
                break;
        }
    }

    private void ApplyControl(UplinkContext context)
    {
        if (!ControlMessageJson.TryRead(context.Envelope.Body.Span, out var control))
        {
            Log.InvalidControl(logger, context.SessionId);
            return;
        }

        if (control.Type == ControlMessageTypes.SessionStart && control.Session is { } config)
        {
            context.SetConfig(config);
        }

        Log.Control(logger, context.SessionId, control.Type, context.Envelope.ConnectionId);
    }

    /// <summary>The session's id prefix: derived from its id, so that applying a message again makes the same ids.</summary>
    private static string IdPrefixOf(string sessionId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sessionId)))[..8];
}
