namespace VoiceAgent.Broker.Storage;

/// <summary>
/// The messages of one queue in offset order: appended at the tail, dropped from the head once every
/// consumer group has settled them. A ring buffer, so neither end allocates in the steady state.
/// </summary>
internal sealed class MessageLog
{
    private StoredMessage?[] _items = new StoredMessage?[4];
    private int _head;
    private int _count;

    /// <summary>The offset of the oldest message still kept.</summary>
    public long MinOffset { get; private set; }

    /// <summary>The offset the next message will get.</summary>
    public long NextOffset => MinOffset + _count;

    public int Count => _count;

    public long Bytes { get; private set; }

    public long Append(StoredMessage message)
    {
        if (_count == _items.Length)
        {
            Grow();
        }

        var offset = NextOffset;
        message.Offset = offset;
        _items[(_head + _count) % _items.Length] = message;
        _count++;
        Bytes += message.Size;
        return offset;
    }

    /// <summary>The message at <paramref name="offset"/>, or null when it was dropped or not written yet.</summary>
    public StoredMessage? Get(long offset)
    {
        var index = offset - MinOffset;
        return index < 0 || index >= _count ? null : _items[(int)((_head + index) % _items.Length)];
    }

    public StoredMessage? Oldest => _count == 0 ? null : _items[_head];

    /// <summary>Drops every message below <paramref name="offset"/>; returns the bytes freed.</summary>
    public long TrimTo(long offset)
    {
        long freed = 0;
        while (_count > 0 && MinOffset < offset)
        {
            freed += _items[_head]!.Size;
            _items[_head] = null;
            _head = (_head + 1) % _items.Length;
            _count--;
            MinOffset++;
        }

        if (_count == 0 && MinOffset < offset)
        {
            MinOffset = offset;
        }

        Bytes -= freed;
        if (_count == 0 && _items.Length > 64)
        {
            _items = new StoredMessage?[4];
            _head = 0;
        }

        return freed;
    }

    /// <summary>Drops every message; returns the bytes freed.</summary>
    public long Clear()
    {
        var freed = Bytes;
        Array.Clear(_items);
        MinOffset = NextOffset;
        _head = 0;
        _count = 0;
        Bytes = 0;
        return freed;
    }

    private void Grow()
    {
        var bigger = new StoredMessage?[_items.Length * 2];
        for (var i = 0; i < _count; i++)
        {
            bigger[i] = _items[(_head + i) % _items.Length];
        }

        _items = bigger;
        _head = 0;
    }
}
