using System.Buffers;
using System.Buffers.Binary;

namespace VoiceAgent.Grpc.Internal;

/// <summary>Finds whole gRPC frames in received bytes and checks their prefix before the payload has arrived.</summary>
internal static class FrameReader
{
    /// <summary>
    /// True when <paramref name="buffer"/> starts with a whole frame. Throws <see cref="RpcException"/> for a frame
    /// that may not be read: a compressed or invalid flag, or a length over <paramref name="maxMessageSize"/>.
    /// </summary>
    public static bool TryReadFrame(
        in ReadOnlySequence<byte> buffer,
        int? maxMessageSize,
        out ReadOnlySequence<byte> payload,
        out SequencePosition frameEnd)
    {
        payload = default;
        frameEnd = default;
        if (buffer.Length < GrpcProtocol.FrameHeaderSize)
        {
            return false;
        }

        var first = buffer.FirstSpan;
        Span<byte> copy = stackalloc byte[GrpcProtocol.FrameHeaderSize];
        scoped ReadOnlySpan<byte> header;
        if (first.Length >= GrpcProtocol.FrameHeaderSize)
        {
            header = first[..GrpcProtocol.FrameHeaderSize];
        }
        else
        {
            buffer.Slice(0, GrpcProtocol.FrameHeaderSize).CopyTo(copy);
            header = copy;
        }

        switch (header[0])
        {
            case 0:
                break;
            case 1:
                throw new RpcException(new GrpcStatus(
                    GrpcStatusCode.Internal,
                    "Received a compressed message, but no compression was negotiated (only identity is supported)."));
            default:
                throw new RpcException(new GrpcStatus(
                    GrpcStatusCode.Internal,
                    $"Received a message with an invalid compressed flag ({header[0]})."));
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        if (length > (uint)(maxMessageSize ?? int.MaxValue))
        {
            throw new RpcException(new GrpcStatus(
                GrpcStatusCode.ResourceExhausted,
                $"Received message exceeds the maximum configured message size ({length} > {maxMessageSize ?? int.MaxValue} bytes)."));
        }

        if (buffer.Length - GrpcProtocol.FrameHeaderSize < length)
        {
            return false;
        }

        payload = buffer.Slice(GrpcProtocol.FrameHeaderSize, length);
        frameEnd = payload.End;
        return true;
    }

    public static RpcException IncompleteMessage() =>
        new(new GrpcStatus(GrpcStatusCode.Internal, "The stream ended in the middle of a message."));
}
