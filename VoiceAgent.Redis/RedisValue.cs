using System.Buffers.Text;
using System.Text;

namespace VoiceAgent.Redis;

/// <summary>
/// A bulk-string reply: binary-safe bytes, or null when Redis answered nil (a missing key or field).
/// <see cref="ToString"/> decodes UTF-8.
/// </summary>
public readonly struct RedisValue : IEquatable<RedisValue>
{
    private readonly byte[]? _bytes;

    public RedisValue(byte[]? bytes)
    {
        _bytes = bytes;
    }

    /// <summary>The nil reply.</summary>
    public static RedisValue Null => default;

    public bool IsNull => _bytes is null;

    /// <summary>The bytes; empty when <see cref="IsNull"/>.</summary>
    public ReadOnlyMemory<byte> Memory => _bytes;

    /// <summary>The bytes; empty when <see cref="IsNull"/>.</summary>
    public ReadOnlySpan<byte> Span => _bytes;

    public int Length => _bytes?.Length ?? 0;

    public static bool operator ==(RedisValue left, RedisValue right) => left.Equals(right);

    public static bool operator !=(RedisValue left, RedisValue right) => !left.Equals(right);

    /// <summary>The value as UTF-8 text, or null when nil.</summary>
    public override string? ToString() => _bytes is null ? null : Encoding.UTF8.GetString(_bytes);

    /// <summary>Parses the value as a base-10 64-bit integer (what INCR stores).</summary>
    public bool TryGetInt64(out long value)
    {
        value = 0;
        return _bytes is not null && Utf8Parser.TryParse(_bytes, out value, out var consumed) && consumed == _bytes.Length;
    }

    public bool Equals(RedisValue other) =>
        _bytes is null ? other._bytes is null : other._bytes is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    public override bool Equals(object? obj) => obj is RedisValue other && Equals(other);

    public override int GetHashCode()
    {
        if (_bytes is null)
        {
            return 0;
        }

        var hash = new HashCode();
        hash.AddBytes(_bytes);
        return hash.ToHashCode();
    }
}
