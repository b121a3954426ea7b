using System.Net;
using System.Net.Sockets;

namespace VoiceAgent.Tests.Redis.Infrastructure;

/// <summary>
/// Forwards 127.0.0.1 connections to a target port; <see cref="DropConnectionsAsync"/> cuts every forwarded
/// connection while the target keeps running, so a test can lose a connection without losing the server's data.
/// </summary>
public sealed class TcpForwarder : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(Socket Client, Socket Target)> _pairs = [];
    private readonly Task _accepting;

    public TcpForwarder(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string ConnectionString => $"127.0.0.1:{Port}";

    public int ConnectionsAccepted { get; private set; }

    /// <summary>Resets every forwarded connection, both ways.</summary>
    public Task DropConnectionsAsync()
    {
        lock (_pairs)
        {
            foreach (var (client, target) in _pairs)
            {
                client.Close(0);
                target.Close(0);
            }

            _pairs.Clear();
        }

        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await DropConnectionsAsync();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptSocketAsync(_stop.Token);
            var target = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await target.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
            lock (_pairs)
            {
                _pairs.Add((client, target));
                ConnectionsAccepted++;
            }

            _ = PumpAsync(client, target);
            _ = PumpAsync(target, client);
        }
    }

    private static async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }
}
