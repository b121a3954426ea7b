using System.Buffers;

namespace VoiceAgent.Tests.Redis.Infrastructure;

/// <summary>Builds a <see cref="ReadOnlySequence{T}"/> out of several segments, as bytes arrive from a socket in pieces.</summary>
public static class SegmentedSequence
{
    public static ReadOnlySequence<byte> Create(params byte[][] segments)
    {
        if (segments.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segment(segments[0], 0);
        var last = first;
        foreach (var bytes in segments.Skip(1))
        {
            last = last.Append(bytes);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>One segment per byte: the worst case for a parser.</summary>
    public static ReadOnlySequence<byte> BytePerSegment(byte[] bytes) =>
        bytes.Length == 0 ? ReadOnlySequence<byte>.Empty : Create([.. bytes.Select(b => new[] { b })]);

    /// <summary>The bytes cut at the given offsets.</summary>
    public static ReadOnlySequence<byte> SplitAt(byte[] bytes, params int[] cuts)
    {
        var pieces = new List<byte[]>();
        var start = 0;
        foreach (var cut in cuts.Where(c => c > 0 && c < bytes.Length).Order())
        {
            pieces.Add(bytes[start..cut]);
            start = cut;
        }

        pieces.Add(bytes[start..]);
        return Create([.. pieces]);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
