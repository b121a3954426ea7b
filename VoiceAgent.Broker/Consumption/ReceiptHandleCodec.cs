using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;

namespace VoiceAgent.Broker.Consumption;

/// <summary>
/// Turns receipt handles into opaque strings and back. The text is the handle's fields plus a truncated
/// HMAC-SHA256 under a key drawn when the broker starts, so forged handles, altered handles and handles from an
/// earlier broker process are all rejected.
/// </summary>
internal sealed class ReceiptHandleCodec
{
    private const int PayloadLength = 8 + 4 + 8 + 8;
    private const int TagLength = 12;
    private const int Length = PayloadLength + TagLength;

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public string Encode(in ReceiptHandle handle)
    {
        Span<byte> bytes = stackalloc byte[Length];
        BinaryPrimitives.WriteInt64BigEndian(bytes, handle.QueueId);
        BinaryPrimitives.WriteInt32BigEndian(bytes[8..], handle.GroupId);
        BinaryPrimitives.WriteInt64BigEndian(bytes[12..], handle.Offset);
        BinaryPrimitives.WriteInt64BigEndian(bytes[20..], handle.Token);
        Sign(bytes[..PayloadLength], bytes[PayloadLength..]);
        return Base64Url.EncodeToString(bytes);
    }

    public bool TryDecode(string? text, out ReceiptHandle handle)
    {
        handle = default;
        if (string.IsNullOrEmpty(text) || text.Length != Base64Url.GetEncodedLength(Length))
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[Length];
        if (!Base64Url.TryDecodeFromChars(text, bytes, out var written) || written != Length)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[TagLength];
        Sign(bytes[..PayloadLength], expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes[PayloadLength..]))
        {
            return false;
        }

        handle = new ReceiptHandle(
            BinaryPrimitives.ReadInt64BigEndian(bytes),
            BinaryPrimitives.ReadInt32BigEndian(bytes[8..]),
            BinaryPrimitives.ReadInt64BigEndian(bytes[12..]),
            BinaryPrimitives.ReadInt64BigEndian(bytes[20..]));
        return true;
    }

    private void Sign(ReadOnlySpan<byte> payload, Span<byte> tag)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, payload, mac);
        mac[..TagLength].CopyTo(tag);
    }
}
