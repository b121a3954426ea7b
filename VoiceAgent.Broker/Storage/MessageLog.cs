namespace VoiceAgent.Broker.Storage;

/// <summary>
/// The messages of one queue in offset order: appended at the tail, dropped from the head once every
/// consumer group has settled them, or, on topics with a replay window, once that window has passed. The
/// head below <see cref="SettledOffset"/> is what every group settled and is only kept for replay (retained).
/// A ring buffer, so neither end allocates in the steady state.
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

    /// <summary>Offsets below this one are settled by every group; those still stored are retained for replay.</summary>
    public long SettledOffset { get; private set; }

    /// <summary>Bytes of the retained messages (below <see cref="SettledOffset"/>), part of <see cref="Bytes"/>.</summary>
    public long RetainedBytes { get; private set; }

    /// <summary>Messages some group has not settled yet.</summary>
    public long UnsettledCount => NextOffset - SettledOffset;

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

    /// <summary>The message at <paramref name="offset"/>, or null when it was dropped, freed, or not written yet.</summary>
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
            freed += DropHead();
        }

        if (_count == 0 && MinOffset < offset)
        {
            MinOffset = offset;
        }

        AfterDrop(freed);
        return freed;
    }

    /// <summary>
    /// Moves <see cref="SettledOffset"/> to <paramref name="offset"/> (clamped to what is stored): messages it passes
    /// are settled now; moving back (an offset reset) makes the messages it passes unsettled again.
    /// </summary>
    public void MarkSettled(long offset, long nowMs)
    {
        offset = Math.Clamp(offset, MinOffset, NextOffset);
        for (var o = SettledOffset; o < offset; o++)
        {
            if (Get(o) is { } message)
            {
                message.SettledAtMs = nowMs;
                RetainedBytes += message.Size;
            }
        }

        for (var o = offset; o < SettledOffset; o++)
        {
            if (Get(o) is { } message)
            {
                message.SettledAtMs = 0;
                RetainedBytes -= message.Size;
            }
        }

        SettledOffset = offset;
    }

    /// <summary>
    /// Drops retained messages from the head, oldest first: those settled at or before <paramref name="settledBeforeMs"/>,
    /// until <paramref name="maxBytes"/> are freed. Returns the bytes freed.
    /// </summary>
    public long DropRetained(long settledBeforeMs, long maxBytes)
    {
        long freed = 0;
        while (_count > 0 && MinOffset < SettledOffset && freed < maxBytes && (_items[_head]?.SettledAtMs ?? 0) <= settledBeforeMs)
        {
            freed += DropHead();
        }

        AfterDrop(freed);
        return freed;
    }

    /// <summary>Drops every message; returns the bytes freed.</summary>
    public long Clear()
    {
        var freed = Bytes;
        _items = new StoredMessage?[4];
        MinOffset = NextOffset;
        SettledOffset = MinOffset;
        _head = 0;
        _count = 0;
        Bytes = 0;
        RetainedBytes = 0;
        return freed;
    }

    /// <summary>
    /// Frees the message at <paramref name="offset"/> before it reaches the head (every group settled it): its slot stays,
    /// empty, so offsets do not move. Returns the bytes freed. Only for queues without a replay window.
    /// </summary>
    public long Free(long offset)
    {
        var index = offset - MinOffset;
        if (index < 0 || index >= _count || offset < SettledOffset)
        {
            return 0;
        }

        var slot = (int)((_head + index) % _items.Length);
        if (_items[slot] is not { } message)
        {
            return 0;
        }

        _items[slot] = null;
        Bytes -= message.Size;
        return message.Size;
    }

    private int DropHead()
    {
        var message = _items[_head];
        if (message is null)
        {
            _head = (_head + 1) % _items.Length;
            _count--;
            MinOffset++;
            return 0;
        }

        if (MinOffset < SettledOffset)
        {
            RetainedBytes -= message.Size;
        }

        _items[_head] = null;
        _head = (_head + 1) % _items.Length;
        _count--;
        MinOffset++;
        return message.Size;
    }

    private void AfterDrop(long freed)
    {
        Bytes -= freed;
        if (SettledOffset < MinOffset)
        {
            SettledOffset = MinOffset;
        }

        if (_count == 0 && _items.Length > 64)
        {
            _items = new StoredMessage?[4];
            _head = 0;
        }
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
