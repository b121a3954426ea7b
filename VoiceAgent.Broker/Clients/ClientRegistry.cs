using System.Collections.Concurrent;

namespace VoiceAgent.Broker.Clients;

/// <summary>
/// The clients the broker knows, keyed by <c>x-mq-client-id</c>. A client dropped for silence that calls again
/// (a paused process) gets its settings back, so it need not repeat the handshake; its subscriptions and
/// deliveries stay gone.
/// </summary>
internal sealed class ClientRegistry
{
    private const int MaxRetired = 10_000;

    private readonly ConcurrentDictionary<string, ClientSession> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ClientSession> _retired = new(StringComparer.Ordinal);

    public ICollection<ClientSession> Clients => _clients.Values;

    public int Count => _clients.Count;

    public ClientSession? Find(string clientId) => _clients.TryGetValue(clientId, out var session) ? session : null;

    /// <summary>The session of <paramref name="clientId"/>, created on its first call (or after it went away).</summary>
    public ClientSession GetOrAdd(string clientId, long nowMs)
    {
        while (true)
        {
            var session = _clients.GetOrAdd(clientId, static (id, state) => state.Registry.Create(id, state.Now), (Registry: this, Now: nowMs));
            if (session.IsAlive)
            {
                session.Touch(nowMs);
                return session;
            }

            // A gone session may still be listed for a moment; replace it with a fresh one.
            _clients.TryRemove(new KeyValuePair<string, ClientSession>(clientId, session));
        }
    }

    /// <summary>Forgets a client that said goodbye.</summary>
    public bool Remove(ClientSession session)
    {
        session.MarkGone();
        _retired.TryRemove(session.ClientId, out _);
        return _clients.TryRemove(new KeyValuePair<string, ClientSession>(session.ClientId, session));
    }

    /// <summary>Forgets a client that stayed silent, remembering its settings in case it comes back.</summary>
    public bool Retire(ClientSession session)
    {
        session.MarkGone();
        if (!_clients.TryRemove(new KeyValuePair<string, ClientSession>(session.ClientId, session)))
        {
            return false;
        }

        if (session.Settings is not null && _retired.Count < MaxRetired)
        {
            _retired[session.ClientId] = session;
        }

        return true;
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

    private ClientSession Create(string clientId, long nowMs)
    {
        var session = new ClientSession(clientId, nowMs);
        if (_retired.TryRemove(clientId, out var previous))
        {
            session.Address = previous.Address;
            session.Language = previous.Language;
            session.Version = previous.Version;
            session.Settings = previous.Settings;
            session.Group = previous.Group;
            session.Telemetry = previous.Telemetry;
            session.LastHeartbeatMs = previous.LastHeartbeatMs;
        }

        return session;
    }
}
