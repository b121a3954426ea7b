using System.Globalization;
using System.Security.Cryptography;
using Proto = VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.RocketMQ;

/// <summary>Checks a delivered body against the digest the server sent with it.</summary>
internal static class BodyDigest
{
    /// <summary>
    /// True when the digest matches. MD5 and SHA1 are hex (any case); CRC32 is accepted as hex (Java) or
    /// decimal (Node.js) text. A missing digest or an unknown type cannot be checked and counts as a match.
    /// </summary>
    public static bool Matches(Proto.Digest? digest, ReadOnlySpan<byte> body)
    {
        if (digest is null || string.IsNullOrEmpty(digest.Checksum))
        {
            return true;
        }

        switch (digest.Type)
        {
            case Proto.DigestType.Md5:
            {
                Span<byte> hash = stackalloc byte[MD5.HashSizeInBytes];
                MD5.HashData(body, hash);
                return HexEquals(hash, digest.Checksum);
            }

            case Proto.DigestType.Sha1:
            {
                Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
                SHA1.HashData(body, hash);
                return HexEquals(hash, digest.Checksum);
            }

            case Proto.DigestType.Crc32:
            {
                var crc = Crc32.Compute(body);
                var text = digest.Checksum.Trim();
                return (uint.TryParse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex) && hex == crc)
                    || (uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var dec) && dec == crc);
            }

            default:
                return true;
        }
    }

    /// <summary>The MD5 digest the official servers attach: upper-case hex.</summary>
    public static Proto.Digest Md5Of(ReadOnlySpan<byte> body)
    {
        Span<byte> hash = stackalloc byte[MD5.HashSizeInBytes];
        MD5.HashData(body, hash);
        return new Proto.Digest { Type = Proto.DigestType.Md5, Checksum = Convert.ToHexString(hash) };
    }

    private static bool HexEquals(ReadOnlySpan<byte> hash, string checksum) =>
        checksum.Length == hash.Length * 2 && string.Equals(Convert.ToHexString(hash), checksum, StringComparison.OrdinalIgnoreCase);
}
