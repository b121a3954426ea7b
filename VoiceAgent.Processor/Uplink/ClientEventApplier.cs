using VoiceAgent.Processor.Downlink;
using VoiceAgent.Processor.Sessions;
using VoiceAgent.Realtime.Audio;
using VoiceAgent.Realtime.Events;
using VoiceAgent.Realtime.Sessions;

namespace VoiceAgent.Processor.Uplink;

/// <summary>
/// Applies a client event (GA JSON from the uplink): <c>session.update</c>, <c>input_audio_buffer.commit</c> and
/// <c>.clear</c>, <c>response.create</c> and <c>.cancel</c>, <c>conversation.item.truncate</c>. Bad input gets an
/// <c>error</c> event and changes nothing.
/// </summary>
internal sealed class ClientEventApplier(ISessionStore store, AudioApplier audio, TurnCommits commits, ResponseRequests responses)
{
    /// <summary>The least audio a commit takes, as OpenAI requires.</summary>
    public const double MinimumCommitMs = 100;

    public const string ActiveResponseCode = "conversation_already_has_active_response";

    public async Task ApplyAsync(UplinkContext context, ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        if (!ClientEventParser.TryParse(json.Span, out var clientEvent, out var error))
        {
            context.Publish(id => ServerEvents.Error(id, error));
            return;
        }

        switch (clientEvent)
        {
            case SessionUpdateEvent update:
                ApplySessionUpdate(context, update);
                break;
            case InputAudioBufferAppendEvent append:
                await audio.ApplyAsync(context, context.Config.Audio.Input.Format, append.Audio, cancellationToken).ConfigureAwait(false);
                break;
            case InputAudioBufferCommitEvent commit:
                await CommitAsync(context, commit, cancellationToken).ConfigureAwait(false);
                break;
            case InputAudioBufferClearEvent:
                InputBuffer.Clear(context);
                context.Publish(ServerEvents.Cleared);
                break;
            case ResponseCreateEvent create:
                if (context.Changes.NewResponse is not null || await responses.HasActiveAsync(context, cancellationToken).ConfigureAwait(false))
                {
                    ResponseRequests.Error(context, ActiveResponseCode, "The conversation already has a response in progress; cancel it or wait for response.done.", null, create.EventId);
                    break;
                }

                responses.Create(context, create.Response, context.Record.LastItemId, 0);
                break;
            case ResponseCancelEvent cancel:
                if (!await responses.CancelAsync(context, cancel.ResponseId, ResponseRequests.ClientCancelled, cancellationToken).ConfigureAwait(false))
                {
                    ResponseRequests.Error(context, RealtimeErrorCodes.ResponseCancelNotActive, "There is no response in progress to cancel.", cancel.ResponseId is null ? null : "response_id", cancel.EventId);
                }

                break;
            case ConversationItemTruncateEvent truncate:
                await TruncateAsync(context, truncate, cancellationToken).ConfigureAwait(false);
                break;
            default:
                ResponseRequests.Error(context, RealtimeErrorCodes.InvalidValue, $"The processor does not handle '{clientEvent.Type}'.", "type", clientEvent.EventId);
                break;
        }
    }

    private static void ApplySessionUpdate(UplinkContext context, SessionUpdateEvent update)
    {
        var previous = context.Config;
        var config = update.Session.ApplyTo(previous);
        if (config.Audio.Input.Format != previous.Audio.Input.Format && context.Record.BufferBytes > 0)
        {
            InputBuffer.Clear(context);
        }

        if (config.Audio.Input.TurnDetection is null && previous.Audio.Input.TurnDetection is not null)
        {
            context.Record.Vad.Reset();
        }

        context.SetConfig(config);
        context.Publish(id => ServerEvents.SessionUpdated(id, config));
    }

    private async Task CommitAsync(UplinkContext context, InputAudioBufferCommitEvent commit, CancellationToken cancellationToken)
    {
        var record = context.Record;
        var format = AudioFormat.TryParseLinkString(record.BufferFormat, out var parsed) ? parsed : context.Config.Audio.Input.Format;
        if (record.BufferBytes < InputBuffer.BytesFor(format, MinimumCommitMs))
        {
            ResponseRequests.Error(
                context,
                RealtimeErrorCodes.InputAudioBufferCommitEmpty,
                $"Error committing input audio buffer: buffer too small. Expected at least {MinimumCommitMs:0}ms of audio, but buffer only has {format.GetDurationMilliseconds(record.BufferBytes):0.00}ms of audio.",
                null,
                commit.EventId);
            return;
        }

        var itemId = record.SpeechItemId ?? record.NewId("item");
        record.Vad.Reset();
        var turnDetection = context.Config.Audio.Input.TurnDetection;
        await commits.CommitAsync(context, itemId, record.InputMs, turnDetection is { CreateResponse: true }, cancellationToken).ConfigureAwait(false);
    }

    private async Task TruncateAsync(UplinkContext context, ConversationItemTruncateEvent truncate, CancellationToken cancellationToken)
    {
        var outcome = await store.TruncateAsync(context.SessionId, truncate.ItemId, truncate.AudioEndMs, cancellationToken).ConfigureAwait(false);
        if (outcome == TruncateOutcome.NotFound)
        {
            ResponseRequests.Error(context, RealtimeErrorCodes.InvalidValue, $"No assistant audio item '{truncate.ItemId}' to truncate.", "item_id", truncate.EventId);
            return;
        }

        context.Publish(id => ServerEvents.ItemTruncated(id, truncate.ItemId, truncate.ContentIndex, truncate.AudioEndMs));
    }
}
