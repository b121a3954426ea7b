namespace VoiceAgent.Broker.Storage;

/// <summary>The broker-wide byte limit for stored messages: reserve before storing, release when dropped.</summary>
internal sealed class MemoryBudget(long limit)
{
    private long _used;

    public long Limit { get; } = limit;

    public long Used => Interlocked.Read(ref _used);

    public bool TryReserve(long bytes)
    {
        var now = Interlocked.Add(ref _used, bytes);
        if (now <= Limit)
        {
            return true;
        }

        Interlocked.Add(ref _used, -bytes);
        return false;
    }

    /// <summary>Counts bytes that are stored whatever the limit says (dead letters).</summary>
    public void Add(long bytes) => Interlocked.Add(ref _used, bytes);

    public void Release(long bytes)
    {
        if (bytes != 0)
        {
            Interlocked.Add(ref _used, -bytes);
        }
    }
}
