using System.Buffers.Binary;
using System.Numerics;

namespace VoiceAgent.RocketMQ;

/// <summary>
/// SipHash-2-4 with the key bytes 00..0F, the hash Guava's <c>Hashing.sipHash24()</c> computes; the official
/// producers pick a message group's queue as this hash (a signed 64-bit value) modulo the queue count.
/// </summary>
internal static class SipHash24
{
    private const ulong K0 = 0x0706050403020100UL;
    private const ulong K1 = 0x0F0E0D0C0B0A0908UL;

    public static ulong Hash(ReadOnlySpan<byte> data)
    {
        var v0 = K0 ^ 0x736F6D6570736575UL;
        var v1 = K1 ^ 0x646F72616E646F6DUL;
        var v2 = K0 ^ 0x6C7967656E657261UL;
        var v3 = K1 ^ 0x7465646279746573UL;

        var blocks = data.Length / 8;
        for (var i = 0; i < blocks; i++)
        {
            var m = BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(i * 8, 8));
            v3 ^= m;
            Round(ref v0, ref v1, ref v2, ref v3);
            Round(ref v0, ref v1, ref v2, ref v3);
            v0 ^= m;
        }

        var last = (ulong)(data.Length & 0xFF) << 56;
        var tail = data[(blocks * 8)..];
        for (var i = 0; i < tail.Length; i++)
        {
            last |= (ulong)tail[i] << (8 * i);
        }

        v3 ^= last;
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        v0 ^= last;

        v2 ^= 0xFF;
        for (var i = 0; i < 4; i++)
        {
            Round(ref v0, ref v1, ref v2, ref v3);
        }

        return v0 ^ v1 ^ v2 ^ v3;
    }

    /// <summary>The queue index for <paramref name="messageGroup"/> among <paramref name="queueCount"/> queues.</summary>
    public static int QueueIndex(string messageGroup, int queueCount)
    {
        var hash = (long)Hash(System.Text.Encoding.UTF8.GetBytes(messageGroup));
        var index = hash % queueCount;
        return (int)(index < 0 ? index + queueCount : index);
    }

    private static void Round(ref ulong v0, ref ulong v1, ref ulong v2, ref ulong v3)
    {
        v0 += v1;
        v1 = BitOperations.RotateLeft(v1, 13);
        v1 ^= v0;
        v0 = BitOperations.RotateLeft(v0, 32);
        v2 += v3;
        v3 = BitOperations.RotateLeft(v3, 16);
        v3 ^= v2;
        v0 += v3;
        v3 = BitOperations.RotateLeft(v3, 21);
        v3 ^= v0;
        v2 += v1;
        v1 = BitOperations.RotateLeft(v1, 17);
        v1 ^= v2;
        v2 = BitOperations.RotateLeft(v2, 32);
    }
}
