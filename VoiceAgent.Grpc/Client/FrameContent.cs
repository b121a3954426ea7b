using System.Net;
using VoiceAgent.Grpc.Internal;

namespace VoiceAgent.Grpc;

/// <summary>The request body of a call with exactly one request message, sent from one pooled buffer.</summary>
internal sealed class FrameContent : HttpContent
{
    private readonly Lock _lock = new();
    private readonly FrameBufferWriter _frames;
    private readonly ReadOnlyMemory<byte> _frame;
    private int _sending;
    private bool _disposed;

    public FrameContent(FrameBufferWriter frames, ReadOnlyMemory<byte> frame)
    {
        _frames = frames;
        _frame = frame;
        Headers.TryAddWithoutValidation("content-type", GrpcProtocol.ContentType);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _sending++;
        }

        try
        {
            await stream.WriteAsync(_frame, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (_lock)
            {
                _sending--;
                if (_disposed && _sending == 0)
                {
                    _frames.Dispose();
                }
            }
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _frame.Length;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // The handler may still be writing the frame (a server can answer before reading the request):
            // the buffer goes back to the pool only once no write uses it.
            lock (_lock)
            {
                if (!_disposed)
                {
                    _disposed = true;
                    if (_sending == 0)
                    {
                        _frames.Dispose();
                    }
                }
            }
        }

        base.Dispose(disposing);
    }
}
