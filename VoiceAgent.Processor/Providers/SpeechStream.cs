namespace VoiceAgent.Processor.Providers;

/// <summary>
/// An open speech stream (raw PCM16 little-endian, mono, at the provider's sample rate), positioned at its start with
/// the first bytes already received. Reads have an idle timeout; a failure now is <c>provider_stream_broken</c>.
/// </summary>
internal sealed class SpeechStream(
    HttpResponseMessage response,
    Stream body,
    byte[] first,
    int firstLength,
    CancellationTokenSource timeouts,
    TimeSpan idleTimeout,
    CancellationToken cancellationToken) : IAsyncDisposable
{
    private int _firstOffset;

    /// <summary>Reads audio into <paramref name="buffer"/>; 0 at the end of the answer.</summary>
    public async ValueTask<int> ReadAsync(Memory<byte> buffer)
    {
        if (_firstOffset < firstLength)
        {
            var count = Math.Min(buffer.Length, firstLength - _firstOffset);
            first.AsMemory(_firstOffset, count).CopyTo(buffer);
            _firstOffset += count;
            return count;
        }

        timeouts.CancelAfter(idleTimeout);
        try
        {
            var read = await body.ReadAsync(buffer, timeouts.Token).ConfigureAwait(false);

            // The idle clock runs only while waiting for the provider, not while the caller works.
            timeouts.CancelAfter(Timeout.InfiniteTimeSpan);
            return read;
        }
        catch (Exception e) when (ProviderFailures.FromException(ProviderKind.Tts, e, cancellationToken, afterFirstByte: true) is { } failure)
        {
            throw failure;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await body.DisposeAsync().ConfigureAwait(false);
        response.Dispose();
        timeouts.Dispose();
    }
}
