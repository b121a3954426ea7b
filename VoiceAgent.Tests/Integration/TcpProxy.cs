using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace VoiceAgent.Tests.Integration;

/// <summary>
/// A TCP relay on 127.0.0.1 to one target, for clients that must vanish without saying goodbye:
/// <see cref="Freeze"/> stops every byte both ways and holds new connections (a network partition, no FIN, no RST);
/// <see cref="Cut"/> resets every connection and every new one (a crashed host); <see cref="ResetConnections"/>
/// resets the connections open now and relays new ones (a brief network failure).
/// </summary>
internal sealed class TcpProxy : IAsyncDisposable
{
    private const int Open = 0;
    private const int Frozen = 1;
    private const int Severed = 2;

    private readonly TcpListener _listener;
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Socket, byte> _sockets = new();
    private readonly Task _acceptLoop;
    private int _state;

    private TcpProxy(IPEndPoint target)
    {
        _target = target;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>The relay's address as RocketMQ clients take it: <c>127.0.0.1:PORT</c>.</summary>
    public string Endpoints => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Relays to <paramref name="target"/> (<c>host:port</c>).</summary>
    public static TcpProxy Start(string target) => new(IPEndPoint.Parse(target));

    /// <summary>From now on nothing passes either way; connections stay open and new ones are accepted and held.</summary>
    public void Freeze() => Interlocked.CompareExchange(ref _state, Frozen, Open);

    /// <summary>Resets the connections open now; new ones are relayed as before.</summary>
    public void ResetConnections()
    {
        foreach (var socket in _sockets.Keys)
        {
            Reset(socket);
        }
    }

    /// <summary>Resets every connection, and every new one from now on.</summary>
    public void Cut()
    {
        Volatile.Write(ref _state, Severed);
        _stopping.Cancel();
        foreach (var socket in _sockets.Keys)
        {
            Reset(socket);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Cut();
        _listener.Stop();
        await _acceptLoop.ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            Track(client);
            switch (Volatile.Read(ref _state))
            {
                case Severed:
                    Reset(client);
                    break;
                case Frozen:
                    // Held: the client's bytes go nowhere, as in a partition.
                    break;
                default:
                    _ = RelayAsync(client);
                    break;
            }
        }
    }

    private async Task RelayAsync(Socket client)
    {
        var upstream = new Socket(_target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Track(upstream);
        try
        {
            await upstream.ConnectAsync(_target, _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            Reset(client);
            Reset(upstream);
            return;
        }

        await Task.WhenAll(PumpAsync(client, upstream), PumpAsync(upstream, client)).ConfigureAwait(false);
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stopping.Token).ConfigureAwait(false);
                if (Volatile.Read(ref _state) != Open)
                {
                    // Frozen: drop what was read and never read again, until the relay is cut or disposed.
                    await Task.Delay(Timeout.Infinite, _stopping.Token).ConfigureAwait(false);
                }

                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stopping.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            if (Volatile.Read(ref _state) == Open)
            {
                Reset(from);
                Reset(to);
            }
        }
    }

    private void Track(Socket socket)
    {
        _sockets.TryAdd(socket, 0);
        if (Volatile.Read(ref _state) == Severed)
        {
            Reset(socket);
        }
    }

    private void Reset(Socket socket)
    {
        _sockets.TryRemove(socket, out _);
        try
        {
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }
}
