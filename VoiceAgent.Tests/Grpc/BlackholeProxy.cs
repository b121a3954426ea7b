using System.Net;
using System.Net.Sockets;

namespace VoiceAgent.Tests.Grpc;

/// <summary>
/// A TCP relay on 127.0.0.1 (a free port) to one target. <see cref="Blackhole"/> makes it swallow everything from then
/// on while keeping both sockets open: a peer that vanished without a FIN or RST, as behind a NAT that dropped the flow.
/// </summary>
internal sealed class BlackholeProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Socket> _sockets = [];
    private readonly List<Task> _pumps = [];
    private readonly Task _accepting;
    private volatile bool _blackholed;

    public BlackholeProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public Uri Address => new($"http://127.0.0.1:{Port}");

    public void Blackhole() => _blackholed = true;

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        lock (_sockets)
        {
            _sockets.ForEach(socket => socket.Dispose());
        }

        await Task.WhenAll([.. _pumps, _accepting]).ContinueWith(static _ => { }, TaskScheduler.Default).WaitAsync(TimeSpan.FromSeconds(10));
        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptSocketAsync(_stopping.Token);
                var target = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await target.ConnectAsync(IPAddress.Loopback, _targetPort, _stopping.Token);
                lock (_sockets)
                {
                    _sockets.Add(client);
                    _sockets.Add(target);
                    _pumps.Add(PumpAsync(client, target));
                    _pumps.Add(PumpAsync(target, client));
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stopping.Token);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                if (!_blackholed)
                {
                    await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stopping.Token);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped, or one side closed.
        }
    }
}
