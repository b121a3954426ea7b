using System.Net;
using VoiceAgent.Grpc.Internal;

namespace VoiceAgent.Grpc;

/// <summary>
/// The request body of a client or duplex streaming call. The handler's request stream is handed to the
/// writer, which writes and flushes frames as the caller writes messages; the body ends when the writer completes.
/// </summary>
internal sealed class StreamingRequestContent : HttpContent
{
    private readonly TaskCompletionSource<Stream> _stream = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public StreamingRequestContent()
    {
        Headers.TryAddWithoutValidation("content-type", GrpcProtocol.ContentType);
    }

    /// <summary>The request stream, once the handler has started sending the body.</summary>
    public Task<Stream> RequestStream => _stream.Task;

    /// <summary>Ends the request body (half-close).</summary>
    public void Complete() => _completed.TrySetResult();

    /// <summary>Stops waiting: the call has ended.</summary>
    public void Abort()
    {
        _stream.TrySetCanceled();
        _completed.TrySetCanceled();
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        if (!_stream.TrySetResult(stream))
        {
            // A streamed body cannot be replayed, so a retry by the handler must fail.
            throw new InvalidOperationException("A streaming gRPC request body can be sent only once.");
        }

        await _completed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
