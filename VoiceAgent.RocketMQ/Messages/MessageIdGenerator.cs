using System.Buffers.Binary;
using System.Net.NetworkInformation;

namespace VoiceAgent.RocketMQ;

/// <summary>
/// Client-side message ids in the official version-1 layout, 17 bytes written as 34 upper-case hex digits:
/// version <c>0x01</c>, the lower 6 bytes of a MAC address, the lower 2 bytes of the process id (big endian),
/// the lower 4 bytes of the seconds since 2021-01-01T00:00:00Z (big endian) and a 4-byte sequence number
/// (big endian).
/// </summary>
internal static class MessageIdGenerator
{
    public const byte Version = 0x01;

    public static readonly DateTimeOffset Epoch = new(2021, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly byte[] Prefix = CreatePrefix();

    private static int _sequence = -1;

    /// <summary>The next id of this process.</summary>
    public static string Next() => Create(DateTimeOffset.UtcNow, unchecked((uint)Interlocked.Increment(ref _sequence)));

    internal static string Create(DateTimeOffset now, uint sequence)
    {
        Span<byte> id = stackalloc byte[17];
        Prefix.CopyTo(id);
        var seconds = (long)Math.Floor((now - Epoch).TotalSeconds);
        BinaryPrimitives.WriteUInt32BigEndian(id[9..], unchecked((uint)seconds));
        BinaryPrimitives.WriteUInt32BigEndian(id[13..], sequence);
        return Convert.ToHexString(id);
    }

    /// <summary>Reads the parts of a version-1 id; false for ids of other layouts.</summary>
    public static bool TryDecode(string messageId, out MessageIdParts parts)
    {
        parts = default;
        Span<byte> id = stackalloc byte[17];
        if (messageId.Length != 34
            || Convert.FromHexString(messageId, id, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != 17
            || id[0] != Version)
        {
            return false;
        }

        parts = new MessageIdParts(
            Convert.ToHexString(id[1..7]),
            BinaryPrimitives.ReadUInt16BigEndian(id[7..]),
            Epoch.AddSeconds(BinaryPrimitives.ReadUInt32BigEndian(id[9..])),
            BinaryPrimitives.ReadUInt32BigEndian(id[13..]));
        return true;
    }

    private static byte[] CreatePrefix()
    {
        var prefix = new byte[9];
        prefix[0] = Version;
        ReadMacAddress().CopyTo(prefix.AsSpan(1, 6));
        BinaryPrimitives.WriteUInt16BigEndian(prefix.AsSpan(7), unchecked((ushort)Environment.ProcessId));
        return prefix;
    }

    private static byte[] ReadMacAddress()
    {
        try
        {
            foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
            {
                if (nic.NetworkInterfaceType == NetworkInterfaceType.Loopback || nic.OperationalStatus != OperationalStatus.Up)
                {
                    continue;
                }

                var mac = nic.GetPhysicalAddress().GetAddressBytes();
                if (mac.Length >= 6 && mac.AsSpan(0, 6).ContainsAnyExcept((byte)0))
                {
                    return mac[..6];
                }
            }
        }
        catch (NetworkInformationException)
        {
            // No interface information (sandboxes): fall through to a random address.
        }

        var random = new byte[6];
        Random.Shared.NextBytes(random);
        return random;
    }
}

/// <summary>The parts of a version-1 message id.</summary>
internal readonly record struct MessageIdParts(string MacAddress, ushort ProcessId, DateTimeOffset Time, uint Sequence);
