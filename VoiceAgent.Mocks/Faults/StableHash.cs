using System.Runtime.InteropServices;

namespace VoiceAgent.Mocks.Faults;

/// <summary>
/// A hash that is the same in every process and on every machine (unlike <see cref="HashCode"/>), so that
/// everything derived from it is reproducible: FNV-1a over the input, finished with the SplitMix64 mixer.
/// </summary>
internal static class StableHash
{
    private const ulong OffsetBasis = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    public static ulong Of(ReadOnlySpan<byte> data, ulong seed = 0)
    {
        var hash = OffsetBasis ^ Mix(seed);
        foreach (var b in data)
        {
            hash = (hash ^ b) * Prime;
        }

        return Mix(hash);
    }

    public static ulong Of(ReadOnlySpan<char> text, ulong seed = 0) => Of(MemoryMarshal.AsBytes(text), seed);

    public static ulong Of(string text, ulong seed = 0) => Of(text.AsSpan(), seed);

    /// <summary>Combines two hashes (or a hash and a number) into a new, well-mixed one.</summary>
    public static ulong Combine(ulong first, ulong second) => Mix(first ^ Mix(second + 0x9E3779B97F4A7C15));

    /// <summary>Maps a hash onto [0, 1) with 53 bits of precision.</summary>
    public static double ToUnitInterval(ulong hash) => (hash >> 11) * (1.0 / (1UL << 53));

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
