using System.Collections.Concurrent;
using VoiceAgent.Gateway.Link;
using VoiceAgent.RocketMQ;

namespace VoiceAgent.Gateway.Connections;

/// <summary>
/// The live connections of this gateway by session id, and the downlink consumer's handler that delivers each
/// message to the connection holding its lite topic. Subscribing and unsubscribing a session's lite topic happen
/// under a per-session lock (striped), so that a takeover on this gateway releases the old subscription before the
/// new one starts from its offset.
/// </summary>
internal sealed class ConnectionRegistry
{
    /// <summary>How long a message of a session this gateway does not hold stays invisible when handed back.</summary>
    public static readonly TimeSpan HandBackDelay = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, RealtimeConnection> _connections = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim[] _locks = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];
    private Func<LitePushConsumer>? _consumer;

    public int Count => _connections.Count;

    public IReadOnlyCollection<RealtimeConnection> Snapshot() => [.. _connections.Values];

    public bool TryGet(string sessionId, out RealtimeConnection? connection) => _connections.TryGetValue(sessionId, out connection);

    /// <summary>Gives the registry the consumer to check revocations against (set once the link is up).</summary>
    public void UseConsumer(Func<LitePushConsumer> consumer) => _consumer = consumer;

    /// <summary>
    /// Makes <paramref name="connection"/> its session's connection: takes the session over from a connection on
    /// this gateway (closed with 4009, its subscription released), then runs <paramref name="subscribeAsync"/>.
    /// </summary>
    public async Task AttachAsync(RealtimeConnection connection, Func<Task> subscribeAsync, CancellationToken cancellationToken)
    {
        var gate = GateOf(connection.SessionId);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_connections.TryGetValue(connection.SessionId, out var previous))
            {
                previous.TakenOver();
                await previous.ReleaseSubscriptionAsync().ConfigureAwait(false);
            }

            _connections[connection.SessionId] = connection;
            await subscribeAsync().ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Removes the connection if it is still its session's, releasing the lite subscription.</summary>
    public async Task DetachAsync(RealtimeConnection connection)
    {
        var gate = GateOf(connection.SessionId);
        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            _connections.TryRemove(new KeyValuePair<string, RealtimeConnection>(connection.SessionId, connection));
            await connection.ReleaseSubscriptionAsync().ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The downlink consumer's handler.</summary>
    public ValueTask<ConsumeResult> DeliverAsync(MessageView message, CancellationToken cancellationToken)
    {
        if (message.LiteTopic is { } sessionId && _connections.TryGetValue(sessionId, out var connection))
        {
            return connection.DeliverAsync(message, cancellationToken);
        }

        return ValueTask.FromResult(ConsumeResult.Suspend(HandBackDelay));
    }

    /// <summary>Another gateway took the session over (NotifyUnsubscribeLite): its connection here closes with 4009.</summary>
    public ValueTask OnLiteTopicRevokedAsync(string sessionId)
    {
        // A revocation that arrives after this gateway subscribed the lite topic again is stale.
        if (_consumer?.Invoke().LiteTopics.Contains(sessionId) == true)
        {
            return ValueTask.CompletedTask;
        }

        if (_connections.TryGetValue(sessionId, out var connection))
        {
            connection.Revoked();
        }

        return ValueTask.CompletedTask;
    }

    private SemaphoreSlim GateOf(string sessionId) =>
        _locks[(StringComparer.Ordinal.GetHashCode(sessionId) & int.MaxValue) % _locks.Length];
}
