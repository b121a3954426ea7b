using VoiceAgent.Processor.Diagnostics;
using VoiceAgent.Processor.Downlink;
using VoiceAgent.Processor.Sessions;
using VoiceAgent.Processor.Turns;
using VoiceAgent.Realtime.Events;
using VoiceAgent.Realtime.Responses;
using VoiceAgent.Realtime.Sessions;

namespace VoiceAgent.Processor.Uplink;

/// <summary>Starts and cancels responses on behalf of the uplink handler.</summary>
internal sealed class ResponseRequests(ISessionStore store, TurnScheduler scheduler, ProcessorMetrics metrics)
{
    public const string TurnDetected = "turn_detected";
    public const string ClientCancelled = "client_cancelled";

    /// <summary>Whether the session has a response in progress now.</summary>
    public async Task<bool> HasActiveAsync(UplinkContext context, CancellationToken cancellationToken) =>
        await store.GetResponseAsync(context.SessionId, cancellationToken).ConfigureAwait(false) is { InProgress: true };

    /// <summary>Queues a new response answering the conversation so far (its runner publishes its events).</summary>
    public void Create(UplinkContext context, ResponseCreateOptions? overrides, string? inputItemId, long committedAtUnixMs)
    {
        var record = context.Record;
        var config = context.Config;
        var responseId = record.NewId("resp");
        var itemId = record.NewId("item");
        var modalities = overrides?.OutputModalities ?? config.OutputModalities;
        var job = new TurnJob
        {
            Kind = TurnJob.RespondKind,
            ItemId = itemId,
            ResponseId = responseId,
            InputItemId = inputItemId,
            TraceParent = context.TraceParent,
            CommittedAtUnixMs = committedAtUnixMs,
            Config = new ResponseConfig
            {
                Audio = modalities.Contains(Modalities.Audio),
                Instructions = overrides?.Instructions ?? config.Instructions,
                Voice = overrides?.Voice ?? config.Audio.Output.Voice,
                Speed = config.Audio.Output.Speed,
                OutputFormat = (overrides?.OutputFormat ?? config.Audio.Output.Format).ToLinkString(),
                MaxOutputTokens = overrides is not null && overrides.MaxOutputTokens.HasValue ? overrides.MaxOutputTokens.Value : config.MaxOutputTokens,
                Remember = overrides?.Conversation != "none",
            },
        };
        context.Changes.Jobs.Add(StoredJson.Write(job));
        context.Changes.NewResponse = new ResponseSnapshot { Id = responseId, Status = ResponseStatus.InProgress, ItemId = itemId };
        if (job.Config.Remember)
        {
            record.LastItemId = itemId;
        }
    }

    /// <summary>
    /// Cancels the response in progress (or <paramref name="responseId"/>) and publishes its <c>response.done</c>;
    /// false when there was none. A redelivered message that already cancelled it publishes the event again.
    /// </summary>
    public async Task<bool> CancelAsync(UplinkContext context, string? responseId, string reason, CancellationToken cancellationToken)
    {
        var cancelled = await store.CancelResponseAsync(context.SessionId, responseId, reason, context.Marker, cancellationToken).ConfigureAwait(false);
        if (cancelled is null)
        {
            var current = await store.GetResponseAsync(context.SessionId, cancellationToken).ConfigureAwait(false);
            if (current is null || current.CancelledBy != context.Marker)
            {
                return false;
            }

            cancelled = current;
        }
        else
        {
            metrics.BargeIn(reason);
        }

        scheduler.CancelLocal(context.SessionId, cancelled.Id);
        var text = cancelled.Progress.Text.Trim();
        var doneId = ResponseTurn.DoneEventId(cancelled.Id);
        var audio = cancelled.Progress.Segments.Count > 0 || context.Config.HasAudioOutput;
        context.PublishWithId(
            doneId,
            ServerEvents.ResponseDone(doneId, new ResponseOutcome(cancelled.Id, cancelled.ItemId, ResponseStatuses.Cancelled, audio, text.Length == 0 ? null : text, reason)),
            cancelled.Id);
        return true;
    }

    public static void Error(UplinkContext context, string code, string message, string? param, string? clientEventId) =>
        context.Publish(id => ServerEvents.Error(id, RealtimeErrorTypes.InvalidRequest, code, message, param, clientEventId));
}
