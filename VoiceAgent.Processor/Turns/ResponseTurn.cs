using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using VoiceAgent.Processor.Diagnostics;
using VoiceAgent.Processor.Downlink;
using VoiceAgent.Processor.Providers;
using VoiceAgent.Processor.Sessions;
using VoiceAgent.Processor.Text;
using VoiceAgent.Realtime.Audio;

namespace VoiceAgent.Processor.Turns;

/// <summary>
/// Produces a response: the history goes to the LLM, its streamed answer is cut into sentences, each sentence is
/// published as a transcript (or text) delta and, for audio answers, spoken by the TTS and published in paced
/// chunks; then <c>response.done</c>. A cancel stops the LLM and TTS calls at once. A failing provider ends the
/// response <c>failed</c> with an <c>error</c> event. After a takeover the same answer is regenerated and only what
/// was not yet published goes out; if it no longer matches, the response ends <c>incomplete</c> and a new one
/// answers the same input.
/// </summary>
internal sealed partial class ResponseTurn(
    ISessionStore store,
    DownlinkPublisher publisher,
    ChatCompletionClient llm,
    SpeechClient tts,
    ActiveResponses active,
    ProcessorOptions options,
    ProcessorMetrics metrics,
    TimeProvider time,
    ILogger<ResponseTurn> logger)
{
    public const string DivergedReason = "takeover_mismatch";

    public async Task RunAsync(TurnContext context, TurnJob job, CancellationToken stopping)
    {
        var responseId = job.ResponseId!;
        using var activity = ProcessorTelemetry.StartTurn("response", context.SessionId, job.TraceParent);
        activity?.SetTag("voiceagent.response.id", responseId);
        var response = await store.GetResponseAsync(context.SessionId, stopping).ConfigureAwait(false);
        if (response is null || response.Id != responseId)
        {
            // Replaced by a newer response, or expired: nothing to answer any more.
            await store.CompleteJobAsync(context.SessionId, context.Owner, context.Job, null, null, null, stopping).ConfigureAwait(false);
            return;
        }

        if (!response.InProgress)
        {
            await FinishEndedAsync(context, job, response, stopping).ConfigureAwait(false);
            return;
        }

        if (response.Progress.Published > 0)
        {
            metrics.Takeover();
            Log.Continuing(logger, context.SessionId, responseId, response.Progress.Published);
        }

        using var registration = active.Register(context.SessionId, responseId, stopping);
        var progress = new ProgressWriter(store, context.SessionId, responseId, registration.Cancel);
        var emitter = new ResponseEmitter(
            context.SessionId,
            job,
            response.Progress,
            publisher,
            progress,
            new AudioPacer(options.AudioLead, time),
            job.CommittedAtUnixMs > 0 ? () => metrics.CommitToFirstAudio(time.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(job.CommittedAtUnixMs)) : null);
        var result = await GenerateAsync(context, job, emitter, registration).ConfigureAwait(false);
        await emitter.FlushProgressAsync().ConfigureAwait(false);
        if (result.Status is null)
        {
            // The runner stops (shutdown or lease lost): another processor continues this response.
            return;
        }

        if (result.ErrorCode is not null)
        {
            ProcessorTelemetry.SetError(activity, result.ErrorCode, result.ErrorMessage ?? result.ErrorCode);
        }

        activity?.SetTag("voiceagent.response.status", result.Status);
        await EndAsync(context, job, emitter, result, stopping).ConfigureAwait(false);
    }

    private async Task<GenerationResult> GenerateAsync(TurnContext context, TurnJob job, ResponseEmitter emitter, ActiveResponses.Registration registration)
    {
        var token = registration.Token;
        TokenUsage? usage = null;
        try
        {
            await emitter.CreatedAsync(token).ConfigureAwait(false);
            var history = await store.GetItemsAsync(context.SessionId, token).ConfigureAwait(false);
            if (job.InputItemId is { } input && history.FirstOrDefault(item => item.Id == input) is { Status: ItemStatus.Failed })
            {
                return GenerationResult.Failed(ProviderErrorCodes.Error, "The user's speech could not be transcribed, so there is nothing to answer.");
            }

            var messages = BuildMessages(job, history);
            var sentences = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
            var finish = new TaskCompletionSource<(string? FinishReason, TokenUsage? Usage)>(TaskCreationOptions.RunContinuationsAsynchronously);
            using var llmStop = CancellationTokenSource.CreateLinkedTokenSource(token);
            var reading = ReadAnswerAsync(job, messages, sentences.Writer, finish, llmStop.Token);
            try
            {
                var number = 0;
                await foreach (var sentence in sentences.Reader.ReadAllAsync(token).ConfigureAwait(false))
                {
                    var step = await emitter.BeginSentenceAsync(sentence, token).ConfigureAwait(false);
                    if (step == SentenceStep.Diverged)
                    {
                        return GenerationResult.Diverged;
                    }

                    if (step == SentenceStep.Speak && emitter.Audio)
                    {
                        await SpeakAsync(job, emitter, sentence, number, token).ConfigureAwait(false);
                    }

                    if (step == SentenceStep.Speak)
                    {
                        emitter.EndSentence();
                    }

                    number++;
                }
            }
            finally
            {
                await llmStop.CancelAsync().ConfigureAwait(false);
                await reading.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            var (finishReason, answerUsage) = await finish.Task.ConfigureAwait(false);
            usage = answerUsage;
            if (emitter.IsContinuation && !emitter.CoversRestoredText)
            {
                return GenerationResult.Diverged;
            }

            return finishReason == "length"
                ? new GenerationResult(ResponseStatus.Incomplete, "max_output_tokens", null, null, usage)
                : new GenerationResult(ResponseStatus.Completed, null, null, null, usage);
        }
        catch (Exception) when (registration.IsCancelled)
        {
            return new GenerationResult(ResponseStatus.Cancelled, null, null, null, usage);
        }
        catch (Exception) when (token.IsCancellationRequested)
        {
            return GenerationResult.Abandoned;
        }
        catch (ProviderException e)
        {
            metrics.ProviderFailure(ProviderNames.Of(e.Provider), e.Code);
            Log.ProviderFailed(logger, context.SessionId, job.ResponseId!, ProviderNames.Of(e.Provider), e.Code, e.Message);
            return GenerationResult.Failed(e.Code, e.Message) with { Usage = usage };
        }
    }

    /// <summary>Streams the LLM's answer into sentences; completes the channel with the answer's end or failure.</summary>
    private async Task ReadAnswerAsync(
        TurnJob job,
        IReadOnlyList<ChatMessage> messages,
        ChannelWriter<string> sentences,
        TaskCompletionSource<(string? FinishReason, TokenUsage? Usage)> finish,
        CancellationToken cancellationToken)
    {
        var splitter = new SentenceSplitter();
        string? finishReason = null;
        TokenUsage? usage = null;
        var started = time.GetTimestamp();
        var first = true;
        try
        {
            await foreach (var delta in llm.StreamAsync(messages, job.Config?.MaxOutputTokens, job.ResponseId!, cancellationToken).ConfigureAwait(false))
            {
                if (first && !string.IsNullOrEmpty(delta.Content))
                {
                    first = false;
                    metrics.LlmFirstToken(time.GetElapsedTime(started));
                }

                finishReason = delta.FinishReason ?? finishReason;
                usage = delta.Usage ?? usage;
                if (delta.Content is { Length: > 0 } content)
                {
                    foreach (var sentence in splitter.Append(content))
                    {
                        sentences.TryWrite(sentence);
                    }
                }
            }

            if (splitter.Flush() is { } rest)
            {
                sentences.TryWrite(rest);
            }

            finish.TrySetResult((finishReason, usage));
            sentences.TryComplete();
        }
        catch (Exception e)
        {
            finish.TrySetException(e);
            sentences.TryComplete(e);
        }
    }

    private async Task SpeakAsync(TurnJob job, ResponseEmitter emitter, string sentence, int number, CancellationToken cancellationToken)
    {
        var text = sentence.Trim();
        if (text.Length == 0)
        {
            return;
        }

        var format = AudioFormat.TryParseLinkString(job.Config?.OutputFormat, out var parsed) ? parsed : AudioFormat.Default;
        var audio = new OutputAudio(format, tts.SampleRate, options.AudioChunk);
        var started = time.GetTimestamp();
        await using var stream = await tts.OpenAsync(text, job.Config?.Voice, job.Config?.Speed, $"{job.ResponseId}-s{number}", cancellationToken)
            .ConfigureAwait(false);
        metrics.TtsFirstByte(time.GetElapsedTime(started));
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            if (audio.Add(buffer.AsSpan(0, read)) is { } chunks)
            {
                foreach (var chunk in chunks)
                {
                    await emitter.AudioAsync(chunk, audio.DurationMs(chunk.Length), format, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        if (audio.Flush() is { } rest)
        {
            foreach (var chunk in rest)
            {
                await emitter.AudioAsync(chunk, audio.DurationMs(chunk.Length), format, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private List<ChatMessage> BuildMessages(TurnJob job, IReadOnlyList<ConversationItem> history)
    {
        var messages = new List<ChatMessage>(history.Count + 1)
        {
            new("system", string.IsNullOrWhiteSpace(job.Config?.Instructions) ? options.DefaultInstructions : job.Config.Instructions),
        };
        foreach (var item in history)
        {
            if (item.Status == ItemStatus.Failed || (item.Text.Length == 0 && item.Id != job.InputItemId))
            {
                continue;
            }

            messages.Add(new ChatMessage(item.Role, item.Text));
        }

        return messages;
    }

    /// <summary>Ends the response as generated: status, <c>error</c> and <c>response.done</c> events, history.</summary>
    private async Task EndAsync(TurnContext context, TurnJob job, ResponseEmitter emitter, GenerationResult result, CancellationToken stopping)
    {
        var responseId = job.ResponseId!;
        if (result.Status == GenerationResult.DivergedStatus)
        {
            await RestartAsync(context, job, emitter, stopping).ConfigureAwait(false);
            return;
        }

        ResponseSnapshot? stored;
        if (result.Status == ResponseStatus.Cancelled)
        {
            stored = await store.GetResponseAsync(context.SessionId, stopping).ConfigureAwait(false);
            stored = stored?.Id == responseId ? stored : null;
        }
        else
        {
            stored = await store.FinishResponseAsync(context.SessionId, responseId, result.Status!, result.Reason, result.ErrorCode, result.ErrorMessage, stopping)
                .ConfigureAwait(false);
            if (stored is not null && stored.Status == result.Status)
            {
                // This runner ended it: it tells the client (a cancel's response.done comes from whoever cancelled).
                if (result.ErrorCode is { } code)
                {
                    await publisher.PublishAsync(
                        context.SessionId,
                        DownlinkMessage.Event(ServerEvents.Error($"{responseId}:error", "server_error", code, result.ErrorMessage ?? code), $"{responseId}:error", responseId),
                        stopping).ConfigureAwait(false);
                }

                await PublishDoneAsync(context.SessionId, job, stored.Status, emitter.Text, result.Reason, result.ErrorCode, result.ErrorMessage, result.Usage, stopping)
                    .ConfigureAwait(false);
            }
        }

        var status = stored?.Status ?? result.Status!;
        metrics.ResponseEnded(status);
        Log.ResponseEnded(logger, context.SessionId, responseId, status);

        // A cancelled answer keeps what was delivered before the cancel (its progress froze then).
        var text = status == ResponseStatus.Cancelled && stored is not null ? stored.Progress.Text : emitter.Text;
        var segments = status == ResponseStatus.Cancelled && stored is not null ? stored.Progress.Segments : emitter.Segments;
        await CompleteAsync(context, job, status, text, segments, stopping).ConfigureAwait(false);
    }

    /// <summary>A response that ended before this runner (re)started it: finish the job another runner left.</summary>
    private async Task FinishEndedAsync(TurnContext context, TurnJob job, ResponseSnapshot response, CancellationToken stopping)
    {
        if (response.Status != ResponseStatus.Cancelled)
        {
            await PublishDoneAsync(
                context.SessionId, job, response.Status, response.Progress.Text, response.Reason, response.ErrorCode, response.ErrorMessage, null, stopping)
                .ConfigureAwait(false);
        }

        await CompleteAsync(context, job, response.Status, response.Progress.Text, response.Progress.Segments, stopping).ConfigureAwait(false);
    }

    private async Task RestartAsync(TurnContext context, TurnJob job, ResponseEmitter emitter, CancellationToken stopping)
    {
        var responseId = job.ResponseId!;
        Log.Diverged(logger, context.SessionId, responseId);
        var retry = job with { ResponseId = responseId + "r", ItemId = job.ItemId + "r" };
        var restarted = await store.RestartResponseAsync(
            context.SessionId,
            context.Owner,
            context.Job,
            StoredJson.Write(retry),
            HistoryItem(job, ResponseStatus.Incomplete, emitter.Text, emitter.Segments),
            new ResponseSnapshot { Id = retry.ResponseId, Status = ResponseStatus.InProgress, ItemId = retry.ItemId },
            stopping).ConfigureAwait(false);
        if (restarted)
        {
            metrics.ResponseEnded(ResponseStatus.Incomplete);
            await PublishDoneAsync(context.SessionId, job, ResponseStatus.Incomplete, emitter.Text, DivergedReason, null, null, null, stopping).ConfigureAwait(false);
        }
    }

    private async Task CompleteAsync(TurnContext context, TurnJob job, string status, string text, IReadOnlyList<SpokenSegment> segments, CancellationToken stopping)
    {
        var item = job.Config?.Remember == false ? null : HistoryItem(job, status, text, segments);
        var completion = await store.CompleteJobAsync(context.SessionId, context.Owner, context.Job, item, null, job.ResponseId, stopping).ConfigureAwait(false);
        if (completion.PendingTruncateMs is { } truncateMs)
        {
            await store.TruncateAsync(context.SessionId, job.ItemId, truncateMs, stopping).ConfigureAwait(false);
        }
    }

    private static ConversationItem? HistoryItem(TurnJob job, string status, string text, IReadOnlyList<SpokenSegment> segments)
    {
        if (text.Length == 0 && status != ResponseStatus.Completed)
        {
            return null;
        }

        return new ConversationItem
        {
            Id = job.ItemId,
            Role = "assistant",
            Text = text.Trim(),
            Status = status == ResponseStatus.Completed ? ItemStatus.Completed : ItemStatus.Incomplete,
            Segments = job.Config?.Audio == false ? null : [.. segments],
        };
    }

    private Task PublishDoneAsync(
        string sessionId, TurnJob job, string status, string text, string? reason, string? errorCode, string? errorMessage, TokenUsage? usage, CancellationToken cancellationToken)
    {
        var responseId = job.ResponseId!;
        var outcome = new ResponseOutcome(
            responseId,
            job.ItemId,
            status,
            job.Config?.Audio ?? true,
            text.Length == 0 && status != ResponseStatus.Completed ? null : text.Trim(),
            reason,
            errorCode,
            errorMessage,
            usage);
        var eventId = DoneEventId(responseId);
        return publisher.PublishAsync(sessionId, DownlinkMessage.Event(ServerEvents.ResponseDone(eventId, outcome), eventId, responseId), cancellationToken);
    }

    /// <summary>The id of a response's <c>response.done</c>: the same whoever publishes it, so the client gets one.</summary>
    public static string DoneEventId(string responseId) => $"{responseId}:done";

    /// <summary>What generating produced: a status (null: abandoned to another processor), reason, error, usage.</summary>
    private sealed record GenerationResult(string? Status, string? Reason, string? ErrorCode, string? ErrorMessage, TokenUsage? Usage)
    {
        public const string DivergedStatus = "diverged";

        public static GenerationResult Abandoned { get; } = new(null, null, null, null, null);

        public static GenerationResult Diverged { get; } = new(DivergedStatus, null, null, null, null);

        public static GenerationResult Failed(string code, string message) => new(ResponseStatus.Failed, null, code, message, null);
    }
}
