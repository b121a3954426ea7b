namespace VoiceAgent.Processor.Providers;

/// <summary>
/// An open chat completion stream, positioned after its first content. Reads the following deltas with an idle
/// timeout between chunks; a failure now is <c>provider_stream_broken</c> and is never retried.
/// </summary>
internal sealed class ChatCompletionStream(
    HttpResponseMessage response,
    Stream body,
    ServerSentEventReader events,
    CancellationTokenSource timeouts,
    TimeSpan idleTimeout,
    CancellationToken cancellationToken) : IAsyncDisposable
{
    private bool _ended;

    /// <summary>The next delta, or null at the end of the answer (<c>[DONE]</c> or the end of the stream).</summary>
    public async ValueTask<ChatDelta?> ReadAsync()
    {
        if (_ended)
        {
            return null;
        }

        timeouts.CancelAfter(idleTimeout);
        try
        {
            var delta = await ReadDeltaAsync(events, afterFirstByte: true, timeouts.Token).ConfigureAwait(false);

            // The idle clock runs only while waiting for the provider, not while the caller works.
            timeouts.CancelAfter(Timeout.InfiniteTimeSpan);
            _ended = delta is null;
            return delta;
        }
        catch (Exception e) when (ProviderFailures.FromException(ProviderKind.Llm, e, cancellationToken, afterFirstByte: true) is { } failure)
        {
            _ended = true;
            throw failure;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await events.DisposeAsync().ConfigureAwait(false);
        await body.DisposeAsync().ConfigureAwait(false);
        response.Dispose();
        timeouts.Dispose();
    }

    /// <summary>Reads events up to the next one that carries something: content, a finish reason or usage.</summary>
    internal static async ValueTask<ChatDelta?> ReadDeltaAsync(ServerSentEventReader events, bool afterFirstByte, CancellationToken cancellationToken)
    {
        while (await events.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (events.Data.SequenceEqual("[DONE]"u8))
            {
                return null;
            }

            var delta = ChatCompletionChunkParser.Parse(events.Data, afterFirstByte);
            if (!string.IsNullOrEmpty(delta.Content) || delta.FinishReason is not null || delta.Usage is not null)
            {
                return delta;
            }
        }

        return null;
    }
}
