using Microsoft.Extensions.Logging;
using VoiceAgent.Processor.Diagnostics;
using VoiceAgent.Processor.Downlink;
using VoiceAgent.Processor.Providers;
using VoiceAgent.Processor.Sessions;

namespace VoiceAgent.Processor.Turns;

/// <summary>
/// Transcribes a committed utterance: its audio, as a PCM16 WAV file, goes to the ASR; the transcript is published
/// (<c>conversation.item.input_audio_transcription.completed</c>) and becomes the user's item in the history. A
/// failing ASR gives <c>conversation.item.input_audio_transcription.failed</c> and a failed item (the response that
/// follows then fails too).
/// </summary>
internal sealed partial class TranscriptionTurn(
    ISessionStore store,
    DownlinkPublisher publisher,
    TranscriptionClient asr,
    ProcessorMetrics metrics,
    TimeProvider time,
    ILogger<TranscriptionTurn> logger)
{
    public async Task RunAsync(TurnContext context, TurnJob job, CancellationToken stopping)
    {
        using var activity = ProcessorTelemetry.StartTurn("transcription", context.SessionId, job.TraceParent);
        activity?.SetTag("voiceagent.item.id", job.ItemId);
        var audio = await store.ReadAudioAsync(job.AudioKey!, job.Offset, stopping).ConfigureAwait(false);
        ConversationItem item;
        var started = time.GetTimestamp();
        try
        {
            var wav = InputAudio.ToWav(audio, job.Format);
            var transcript = await asr.TranscribeAsync(wav, job.Language, job.Prompt, job.ItemId, stopping).ConfigureAwait(false);
            metrics.Asr(time.GetElapsedTime(started));
            var eventId = $"{job.ItemId}:transcript";
            await publisher.PublishAsync(
                context.SessionId,
                DownlinkMessage.Event(ServerEvents.TranscriptionCompleted(eventId, job.ItemId, transcript), eventId),
                stopping).ConfigureAwait(false);
            item = new ConversationItem { Id = job.ItemId, Role = "user", Text = transcript };
        }
        catch (ProviderException e)
        {
            metrics.ProviderFailure(ProviderNames.Asr, e.Code);
            ProcessorTelemetry.SetError(activity, e.Code, e.Message);
            Log.TranscriptionFailed(logger, context.SessionId, job.ItemId, e.Code, e.Message);
            var eventId = $"{job.ItemId}:transcript";
            await publisher.PublishAsync(
                context.SessionId,
                DownlinkMessage.Event(ServerEvents.TranscriptionFailed(eventId, job.ItemId, e.Code, e.Message), eventId),
                stopping).ConfigureAwait(false);
            item = new ConversationItem { Id = job.ItemId, Role = "user", Status = ItemStatus.Failed };
        }

        await store.CompleteJobAsync(context.SessionId, context.Owner, context.Job, item, job.AudioKey, null, stopping).ConfigureAwait(false);
    }
}
