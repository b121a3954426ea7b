using System.Buffers;
using System.Buffers.Binary;

namespace VoiceAgent.Grpc.Internal;

/// <summary>
/// Builds one gRPC frame in a pooled array: the five byte prefix, then the payload written by a marshaller.
/// One instance serves one call, one message at a time, and is reused between messages.
/// </summary>
internal sealed class FrameBufferWriter : IBufferWriter<byte>, IDisposable
{
    private const int InitialSize = 512;

    // Buffers larger than this go back to the pool after each message instead of staying with a long-lived stream.
    private const int RetainedSizeLimit = 64 * 1024;

    private byte[] _buffer = [];
    private int _written;

    public int PayloadLength => _written - GrpcProtocol.FrameHeaderSize;

    /// <summary>Serializes <paramref name="message"/> after room for the prefix and returns the whole frame.</summary>
    public ReadOnlyMemory<byte> WriteFrame<T>(Marshaller<T> marshaller, T message, int? maxMessageSize)
    {
        if (_buffer.Length == 0)
        {
            _buffer = ArrayPool<byte>.Shared.Rent(InitialSize);
        }

        _written = GrpcProtocol.FrameHeaderSize;
        marshaller.Serialize(message, this);

        var length = PayloadLength;
        if (length > maxMessageSize)
        {
            throw new RpcException(new GrpcStatus(
                GrpcStatusCode.ResourceExhausted,
                $"Sending message exceeds the maximum configured message size ({length} > {maxMessageSize.Value} bytes)."));
        }

        _buffer[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(1, 4), (uint)length);
        return _buffer.AsMemory(0, _written);
    }

    /// <summary>Called once the frame has been written out.</summary>
    public void Reset()
    {
        _written = 0;
        if (_buffer.Length > RetainedSizeLimit)
        {
            ReturnBuffer();
        }
    }

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (_written + count > _buffer.Length)
        {
            throw new InvalidOperationException("Cannot advance past the end of the buffer.");
        }

        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        EnsureCapacity(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        EnsureCapacity(sizeHint);
        return _buffer.AsSpan(_written);
    }

    public void Dispose() => ReturnBuffer();

    private void EnsureCapacity(int sizeHint)
    {
        var needed = _written + Math.Max(sizeHint, 1);
        if (needed <= _buffer.Length)
        {
            return;
        }

        var newSize = Math.Max(needed, Math.Max(_buffer.Length * 2, InitialSize));
        var larger = ArrayPool<byte>.Shared.Rent(newSize);
        _buffer.AsSpan(0, _written).CopyTo(larger);
        ReturnBuffer();
        _buffer = larger;
    }

    private void ReturnBuffer()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}
