using VoiceAgent.Processor.Downlink;
using VoiceAgent.Processor.Sessions;
using VoiceAgent.Realtime.Audio;

namespace VoiceAgent.Processor.Uplink;

/// <summary>Commits the input audio buffer as a user item: the <c>committed</c> event and the transcription job.</summary>
internal sealed class TurnCommits(ResponseRequests responses, ProcessorOptions options)
{
    /// <summary>
    /// Commits the buffer (ending at <paramref name="endMs"/>) as <paramref name="itemId"/>; with
    /// <paramref name="respond"/>, queues a response unless one is in progress.
    /// </summary>
    public async Task CommitAsync(UplinkContext context, string itemId, double endMs, bool respond, CancellationToken cancellationToken)
    {
        var record = context.Record;
        var format = AudioFormat.TryParseLinkString(record.BufferFormat, out var parsed) ? parsed : context.Config.Audio.Input.Format;
        var key = InputBuffer.Commit(context, options.RedisKeyPrefix, itemId, endMs);
        var transcription = context.Config.Audio.Input.Transcription;
        context.Changes.Jobs.Add(StoredJson.Write(new TurnJob
        {
            Kind = TurnJob.TranscribeKind,
            ItemId = itemId,
            AudioKey = key,
            Format = format.ToLinkString(),
            Language = transcription?.Language,
            Prompt = transcription?.Prompt,
            TraceParent = context.TraceParent,
            CommittedAtUnixMs = context.NowUnixMs,
        }));
        var previous = record.LastItemId;
        context.Publish(id => ServerEvents.Committed(id, previous, itemId));
        record.LastItemId = itemId;
        if (respond && context.Changes.NewResponse is null && !await responses.HasActiveAsync(context, cancellationToken).ConfigureAwait(false))
        {
            responses.Create(context, null, itemId, context.NowUnixMs);
        }
    }
}
