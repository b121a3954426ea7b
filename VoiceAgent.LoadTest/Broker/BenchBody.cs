using System.Buffers.Binary;

namespace VoiceAgent.LoadTest.Broker;

/// <summary>
/// What a load-test message body carries in front of its padding: a sequence number (to tell first deliveries
/// from redeliveries) and the sender's <see cref="System.Diagnostics.Stopwatch"/> timestamp (for send-to-handler latency).
/// </summary>
internal static class BenchBody
{
    public const int HeaderSize = 16;

    public static void Write(Span<byte> body, long sequence, long sentTimestamp)
    {
        BinaryPrimitives.WriteInt64LittleEndian(body, sequence);
        BinaryPrimitives.WriteInt64LittleEndian(body[8..], sentTimestamp);
    }

    /// <summary>Reads the header; false for a body too short to be one of ours.</summary>
    public static bool TryRead(ReadOnlySpan<byte> body, out long sequence, out long sentTimestamp)
    {
        if (body.Length < HeaderSize)
        {
            sequence = sentTimestamp = 0;
            return false;
        }

        sequence = BinaryPrimitives.ReadInt64LittleEndian(body);
        sentTimestamp = BinaryPrimitives.ReadInt64LittleEndian(body[8..]);
        return sequence >= 0;
    }
}
