using System.Collections;
using System.Collections.Concurrent;

namespace VoiceAgent.Broker.Lite;

/// <summary>
/// A client's lite subscriptions. Changed only under its group's lock in <see cref="LiteSubscriptionRegistry"/>;
/// read without a lock, so that the delivery path (pops, renewals) never waits for subscription changes.
/// </summary>
internal sealed class LiteTopicSet : IEnumerable<string>
{
    private readonly ConcurrentDictionary<string, byte> _names = new(StringComparer.Ordinal);
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public bool Contains(string name) => _names.ContainsKey(name);

    /// <summary>Adds <paramref name="name"/>; false when it is there already. Call under the group's lock.</summary>
    public bool Add(string name)
    {
        if (!_names.TryAdd(name, 0))
        {
            return false;
        }

        Interlocked.Increment(ref _count);
        return true;
    }

    /// <summary>Removes <paramref name="name"/>; false when it was not there. Call under the group's lock.</summary>
    public bool Remove(string name)
    {
        if (!_names.TryRemove(name, out _))
        {
            return false;
        }

        Interlocked.Decrement(ref _count);
        return true;
    }

    public IEnumerator<string> GetEnumerator() => _names.Keys.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
