namespace VoiceAgent.Broker.Consumption;

/// <summary>
/// Which offsets of [<see cref="Start"/>, <see cref="Start"/> + <see cref="Count"/>) are settled (acknowledged or
/// dead-lettered). <see cref="Start"/> is the committed offset: it advances over every settled prefix.
/// </summary>
internal sealed class OffsetWindow(long start)
{
    private bool[] _settled = new bool[4];
    private int _head;

    public long Start { get; private set; } = start;

    /// <summary>How many offsets past <see cref="Start"/> the window tracks.</summary>
    public int Count { get; private set; }

    /// <summary>How many offsets inside the window are settled.</summary>
    public int SettledCount { get; private set; }

    public long End => Start + Count;

    /// <summary>Starts tracking the offset <see cref="End"/>, unsettled.</summary>
    public void Extend()
    {
        if (Count == _settled.Length)
        {
            var bigger = new bool[_settled.Length * 2];
            for (var i = 0; i < Count; i++)
            {
                bigger[i] = _settled[(_head + i) % _settled.Length];
            }

            _settled = bigger;
            _head = 0;
        }

        _settled[(_head + Count) % _settled.Length] = false;
        Count++;
    }

    public bool IsSettled(long offset)
    {
        if (offset < Start)
        {
            return true;
        }

        var index = offset - Start;
        return index < Count && _settled[(int)((_head + index) % _settled.Length)];
    }

    /// <summary>Marks <paramref name="offset"/> settled; false when it already was or is not tracked.</summary>
    public bool Mark(long offset)
    {
        var index = offset - Start;
        if (index < 0 || index >= Count)
        {
            return false;
        }

        var slot = (int)((_head + index) % _settled.Length);
        if (_settled[slot])
        {
            return false;
        }

        _settled[slot] = true;
        SettledCount++;
        while (Count > 0 && _settled[_head])
        {
            _settled[_head] = false;
            _head = (_head + 1) % _settled.Length;
            Count--;
            SettledCount--;
            Start++;
        }

        return true;
    }

    /// <summary>Forgets everything and starts again at <paramref name="start"/>.</summary>
    public void Reset(long start)
    {
        Array.Clear(_settled);
        if (_settled.Length > 1024)
        {
            _settled = new bool[4];
        }

        _head = 0;
        Count = 0;
        SettledCount = 0;
        Start = start;
    }
}
