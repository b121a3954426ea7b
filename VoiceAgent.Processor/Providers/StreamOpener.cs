using Polly.CircuitBreaker;

namespace VoiceAgent.Processor.Providers;

/// <summary>
/// Opens a streamed provider answer within its first-byte budget, trying again (up to
/// <see cref="ProviderOptions.StreamRetries"/> times) when an attempt fails or is too slow before any content arrived.
/// Failures the HTTP pipeline already judged (error statuses, an open breaker) are not retried here.
/// </summary>
internal static class StreamOpener
{
    /// <param name="attempt">
    /// Sends the request under the given token source's token and reads up to the first content. On success the
    /// returned stream owns the token source (its timer is then free for an idle timeout); on failure the attempt
    /// disposes whatever it opened.
    /// </param>
    public static async Task<T> OpenAsync<T>(
        ProviderKind provider,
        ProviderOptions options,
        Func<int, CancellationTokenSource, Task<T>> attempt,
        CancellationToken cancellationToken)
    {
        var attempts = 1 + Math.Max(0, options.StreamRetries);
        for (var number = 1; ; number++)
        {
            var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            source.CancelAfter(options.FirstByteTimeout);
            try
            {
                var opened = await attempt(number, source).ConfigureAwait(false);
                source.CancelAfter(Timeout.InfiniteTimeSpan);
                return opened;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                source.Dispose();
                var budgetExceeded = e is OperationCanceledException;
                var failure = budgetExceeded
                    ? new ProviderException(provider, ProviderErrorCodes.Timeout,
                        $"The {ProviderFailures.Name(provider)} provider sent nothing within {options.FirstByteTimeout.TotalMilliseconds:0} ms.", innerException: e)
                    : ProviderFailures.FromException(provider, e, cancellationToken, afterFirstByte: false)!;
                var retryable = budgetExceeded || (e is not ProviderException and not BrokenCircuitException && failure.Code is ProviderErrorCodes.Unavailable or ProviderErrorCodes.Timeout);
                if (!retryable || number >= attempts)
                {
                    throw failure;
                }
            }
            catch
            {
                source.Dispose();
                throw;
            }
        }
    }
}
