using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using VoiceAgent.Grpc;

namespace VoiceAgent.RocketMQ;

/// <summary>
/// One gRPC channel (HTTP/2 connection pool) per server address, shared by every client of a
/// <see cref="RocketMQClient"/>. Endpoints with several addresses are used round-robin.
/// </summary>
internal sealed class ChannelPool(bool tls, Func<Uri, GrpcChannel>? channelFactory = null) : IDisposable
{
    private readonly ConcurrentDictionary<Uri, GrpcChannel> _channels = new();
    private readonly ConcurrentDictionary<BrokerEndpoints, StrongBox<int>> _cursors = new();
    private volatile bool _disposed;

    public CallInvoker Get(BrokerEndpoints endpoints)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var index = 0;
        if (endpoints.Addresses.Count > 1)
        {
            var cursor = _cursors.GetOrAdd(endpoints, static _ => new StrongBox<int>());
            index = (int)((uint)Interlocked.Increment(ref cursor.Value) % (uint)endpoints.Addresses.Count);
        }

        var uri = endpoints.GetUri(index, tls);
        return _channels.GetOrAdd(uri, static (address, factory) => factory?.Invoke(address) ?? GrpcChannel.ForAddress(address), channelFactory);
    }

    public void Dispose()
    {
        _disposed = true;
        foreach (var channel in _channels.Values)
        {
            channel.Dispose();
        }

        _channels.Clear();
    }
}
