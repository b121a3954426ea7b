using System.Collections;

namespace VoiceAgent.Grpc;

/// <summary>
/// Request headers or response headers and trailers. Keys are lower case ASCII; keys that end in
/// <c>-bin</c> carry binary values, base64 encoded on the wire.
/// </summary>
public sealed class Metadata : IEnumerable<Metadata.Entry>
{
    public const string BinarySuffix = "-bin";

    private readonly List<Entry> _entries = [];

    public int Count => _entries.Count;

    public void Add(string key, string value)
    {
        var normalized = NormalizeKey(key);
        if (normalized.EndsWith(BinarySuffix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Metadata key '{key}' ends in '{BinarySuffix}' and needs a binary value.", nameof(key));
        }

        _entries.Add(new Entry(normalized, value, null));
    }

    public void Add(string key, byte[] value)
    {
        var normalized = NormalizeKey(key);
        if (!normalized.EndsWith(BinarySuffix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Binary metadata key '{key}' must end in '{BinarySuffix}'.", nameof(key));
        }

        _entries.Add(new Entry(normalized, null, value));
    }

    /// <summary>The last text value of <paramref name="key"/>, or null.</summary>
    public string? GetValue(string key)
    {
        for (var i = _entries.Count - 1; i >= 0; i--)
        {
            if (string.Equals(_entries[i].Key, key, StringComparison.OrdinalIgnoreCase))
            {
                return _entries[i].Value;
            }
        }

        return null;
    }

    /// <summary>The last binary value of <paramref name="key"/>, or null.</summary>
    public byte[]? GetValueBytes(string key)
    {
        for (var i = _entries.Count - 1; i >= 0; i--)
        {
            if (string.Equals(_entries[i].Key, key, StringComparison.OrdinalIgnoreCase))
            {
                return _entries[i].ValueBytes;
            }
        }

        return null;
    }

    public IEnumerator<Entry> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// True when <paramref name="key"/> may be sent as an HTTP/2 header name: one or more RFC 9110 token characters
    /// (letters, digits and <c>!#$%&amp;'*+-.^_`|~</c>). Upper case letters are allowed here and lower-cased on
    /// <see cref="Add(string, string)"/>.
    /// </summary>
    public static bool IsValidKey(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return false;
        }

        foreach (var c in key)
        {
            if (!IsTokenChar(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Adds an entry whose key came from a received header: already checked and lower case.</summary>
    internal void AddReceived(Entry entry) => _entries.Add(entry);

    private static bool IsTokenChar(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9')
            or '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';

    private static string NormalizeKey(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (!IsValidKey(key))
        {
            throw new ArgumentException($"Metadata key '{key}' has a character that HTTP/2 header names do not allow.", nameof(key));
        }

        return key.ToLowerInvariant();
    }

    /// <summary>One key with either a text value or, for <c>-bin</c> keys, a binary value.</summary>
    public readonly record struct Entry(string Key, string? Value, byte[]? ValueBytes)
    {
        public bool IsBinary => ValueBytes is not null;
    }
}
