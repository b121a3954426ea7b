namespace VoiceAgent.LoadTest.Measurement;

/// <summary>
/// Which sequence numbers were seen, as a growable bitmap: tells a first delivery from a redelivery without
/// a dictionary entry per message.
/// </summary>
internal sealed class SeenSet
{
    private const int ChunkBits = 1 << 20;
    private readonly Lock _grow = new();
    private int[]?[] _chunks = new int[]?[64];

    /// <summary>Marks <paramref name="sequence"/>; true when it was not marked before.</summary>
    public bool Add(long sequence)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        var chunk = ChunkOf(sequence / ChunkBits);
        var bit = (int)(sequence % ChunkBits);
        var mask = 1 << (bit & 31);
        return (Interlocked.Or(ref chunk[bit >> 5], mask) & mask) == 0;
    }

    private int[] ChunkOf(long index)
    {
        var chunks = Volatile.Read(ref _chunks);
        if (index < chunks.Length && Volatile.Read(ref chunks[index]) is { } existing)
        {
            return existing;
        }

        lock (_grow)
        {
            if (index >= _chunks.Length)
            {
                var larger = new int[]?[Math.Max(_chunks.Length * 2, (int)index + 1)];
                Array.Copy(_chunks, larger, _chunks.Length);
                Volatile.Write(ref _chunks, larger);
            }

            return _chunks[index] ??= new int[ChunkBits / 32];
        }
    }
}
