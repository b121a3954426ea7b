using System.Buffers;
using System.Net;
using System.Runtime.CompilerServices;
using VoiceAgent.Grpc.Internal;

namespace VoiceAgent.Grpc;

/// <summary>
/// The request body of a client or duplex streaming call. The handler's request stream is handed to the writer,
/// which writes and flushes frames as the caller writes messages; the body ends when the writer completes.
/// </summary>
/// <remarks>
/// SocketsHttpHandler sends a request again when the server refuses its stream (REFUSED_STREAM, for example when a
/// burst of new streams passes the server's limit before its SETTINGS arrive). The frames written before the server
/// answered are kept (up to <see cref="ReplayLimit"/> bytes, in pooled buffers) and sent again on the new stream.
/// This is not hypothetical: a fresh channel sends a burst before the server's SETTINGS arrive, and without the
/// replay most streams over the server's limit fail with UNAVAILABLE
/// (GrpcConnectionTests.ABurstOfStreamsOverTheServersLimitSpreadsOverSeveralConnectionsWithoutLosingMessages).
/// </remarks>
internal sealed class StreamingRequestContent : HttpContent
{
    private const int ReplayLimit = 64 * 1024;

    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource<Stream> _stream = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _attemptReplaced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource? _cancelledWhileReplayable;
    private List<(byte[] Buffer, int Length)>? _replay = [];
    private int _replayBytes;
    private int _generation;
    private int _attempts;
    private bool _aborted;

    public StreamingRequestContent()
    {
        Headers.TryAddWithoutValidation("content-type", GrpcProtocol.ContentType);
    }

    /// <summary>Writes and flushes one frame; one write at a time.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask WriteFrameAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                Task<Stream> streamTask;
                int generation;
                lock (_lock)
                {
                    streamTask = _stream.Task;
                    generation = _generation;
                }

                var stream = await streamTask.WaitAsync(cancellationToken).ConfigureAwait(false);
                bool recorded;
                lock (_lock)
                {
                    if (generation != _generation)
                    {
                        // The stream was replaced meanwhile: write to the new one.
                        continue;
                    }

                    recorded = Record(frame.Span);
                }

                try
                {
                    await stream.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
                    await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                    return;
                }
                catch (Exception) when (recorded && !cancellationToken.IsCancellationRequested)
                {
                    // The handler may be sending the request again on a new stream, with this frame in the replay.
                    if (!await IsReplayedAsync(generation, cancellationToken).ConfigureAwait(false))
                    {
                        throw;
                    }

                    return;
                }
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>The server has answered (response headers): the request will not be sent again.</summary>
    public void Commit()
    {
        lock (_lock)
        {
            ReleaseReplay();
        }
    }

    /// <summary>Ends the request body (half-close).</summary>
    public void Complete() => _completed.TrySetResult();

    /// <summary>Stops waiting: the call has ended.</summary>
    public void Abort()
    {
        lock (_lock)
        {
            _aborted = true;
            _stream.TrySetCanceled();
            _attemptReplaced.TrySetResult();
            ReleaseReplay();
        }

        _completed.TrySetCanceled();
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        List<(byte[] Buffer, int Length)>? replay = null;
        TaskCompletionSource<Stream> published;
        TaskCompletionSource replaced;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_aborted, this);
            if (_attempts++ > 0)
            {
                // A retry: replay what was written, unless too much was written or the server already answered.
                if (_replay is null)
                {
                    throw new InvalidOperationException("The streaming request cannot be sent again: its messages are no longer buffered.");
                }

                replay = [.. _replay];
                if (_stream.Task.IsCompleted)
                {
                    _stream = new TaskCompletionSource<Stream>(TaskCreationOptions.RunContinuationsAsynchronously);
                    _generation++;
                }
            }

            published = _stream;
            _attemptReplaced.TrySetResult();
            _attemptReplaced = replaced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        if (replay is { Count: > 0 })
        {
            foreach (var (buffer, length) in replay)
            {
                await stream.WriteAsync(buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            }

            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        published.TrySetResult(stream);

        // After REFUSED_STREAM the handler retries the request only while this body is still pending, so while the
        // request may still be replayed the handler's cancellation does not end the body: the caller completing
        // it, the call ending (Abort) or a retry taking over does.
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = cancellationToken.Register(() =>
        {
            lock (_lock)
            {
                if (_replay is null)
                {
                    cancelled.TrySetResult();
                }
                else
                {
                    _cancelledWhileReplayable = cancelled;
                }
            }
        });
        await Task.WhenAny(_completed.Task, replaced.Task, cancelled.Task).ConfigureAwait(false);
        if (!_completed.Task.IsCompletedSuccessfully)
        {
            throw new OperationCanceledException("The request body was abandoned.", cancellationToken.IsCancellationRequested ? cancellationToken : default);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Abort();
        }

        base.Dispose(disposing);
    }

    private async Task<bool> IsReplayedAsync(int generation, CancellationToken cancellationToken)
    {
        Task<Stream> next;
        lock (_lock)
        {
            if (_generation != generation)
            {
                return true;
            }

            if (_replay is null || _aborted)
            {
                return false;
            }

            next = _stream.Task;
            if (next.IsCompleted)
            {
                // The failed stream is still the current one: wait for the handler to retry or the call to end.
                var waiting = new TaskCompletionSource<Stream>(TaskCreationOptions.RunContinuationsAsynchronously);
                _stream = waiting;
                _generation++;
                generation = _generation;
                next = waiting.Task;
            }
        }

        try
        {
            await next.WaitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private bool Record(ReadOnlySpan<byte> frame)
    {
        if (_replay is null)
        {
            return false;
        }

        if (_replayBytes + frame.Length > ReplayLimit)
        {
            ReleaseReplay();
            return false;
        }

        var copy = ArrayPool<byte>.Shared.Rent(frame.Length);
        frame.CopyTo(copy);
        _replay.Add((copy, frame.Length));
        _replayBytes += frame.Length;
        return true;
    }

    private void ReleaseReplay()
    {
        if (_replay is null)
        {
            return;
        }

        foreach (var (buffer, _) in _replay)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        _replay = null;
        _replayBytes = 0;
        _cancelledWhileReplayable?.TrySetResult();
        _cancelledWhileReplayable = null;
    }
}
