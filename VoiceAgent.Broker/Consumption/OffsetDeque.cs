namespace VoiceAgent.Broker.Consumption;

/// <summary>Offsets in ascending order: appended at the back, taken from the front, and put back in order on redelivery.</summary>
internal sealed class OffsetDeque
{
    private long[] _items = new long[4];
    private int _head;

    public int Count { get; private set; }

    public void PushBack(long offset)
    {
        EnsureRoom();
        _items[(_head + Count) % _items.Length] = offset;
        Count++;
    }

    public bool TryPeekFront(out long offset)
    {
        offset = Count > 0 ? _items[_head] : 0;
        return Count > 0;
    }

    public long PopFront()
    {
        var offset = _items[_head];
        _head = (_head + 1) % _items.Length;
        Count--;
        return offset;
    }

    /// <summary>Inserts keeping ascending order; redelivered offsets land near the front, so the search starts there.</summary>
    public void InsertSorted(long offset)
    {
        EnsureRoom();
        var position = 0;
        while (position < Count && _items[(_head + position) % _items.Length] < offset)
        {
            position++;
        }

        if (position < Count && _items[(_head + position) % _items.Length] == offset)
        {
            return;
        }

        // Shift the prefix one slot towards the front: cheaper than shifting the tail when the position is small.
        _head = (_head - 1 + _items.Length) % _items.Length;
        for (var i = 0; i < position; i++)
        {
            _items[(_head + i) % _items.Length] = _items[(_head + i + 1) % _items.Length];
        }

        _items[(_head + position) % _items.Length] = offset;
        Count++;
    }

    public void Clear()
    {
        _head = 0;
        Count = 0;
    }

    private void EnsureRoom()
    {
        if (Count < _items.Length)
        {
            return;
        }

        var bigger = new long[_items.Length * 2];
        for (var i = 0; i < Count; i++)
        {
            bigger[i] = _items[(_head + i) % _items.Length];
        }

        _items = bigger;
        _head = 0;
    }
}
