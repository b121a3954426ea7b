using System.Collections.Concurrent;

namespace VoiceAgent.Broker.Clients;

/// <summary>The clients the broker knows, keyed by <c>x-mq-client-id</c>.</summary>
internal sealed class ClientRegistry
{
    private readonly ConcurrentDictionary<string, ClientSession> _clients = new(StringComparer.Ordinal);

    public ICollection<ClientSession> Clients => _clients.Values;

    public int Count => _clients.Count;

    public ClientSession? Find(string clientId) => _clients.TryGetValue(clientId, out var session) ? session : null;

    /// <summary>The session of <paramref name="clientId"/>, created on its first call (or after it timed out).</summary>
    public ClientSession GetOrAdd(string clientId, long nowMs)
    {
        while (true)
        {
            var session = _clients.GetOrAdd(clientId, static (id, now) => new ClientSession(id, now), nowMs);
            if (session.IsAlive)
            {
                session.Touch(nowMs);
                return session;
            }

            // A gone session may still be listed for a moment; replace it with a fresh one.
            _clients.TryRemove(new KeyValuePair<string, ClientSession>(clientId, session));
        }
    }

    /// <summary>Forgets the client; returns false when it was not registered (or already replaced).</summary>
    public bool Remove(ClientSession session)
    {
        session.MarkGone();
        return _clients.TryRemove(new KeyValuePair<string, ClientSession>(session.ClientId, session));
    }

    /// <summary>The clients silent for longer than <paramref name="timeoutMs"/>.</summary>
    public List<ClientSession> FindSilent(long nowMs, long timeoutMs)
    {
        var silent = new List<ClientSession>();
        foreach (var session in _clients.Values)
        {
            if (nowMs - session.LastSeenMs > timeoutMs)
            {
                silent.Add(session);
            }
        }

        return silent;
    }
}
