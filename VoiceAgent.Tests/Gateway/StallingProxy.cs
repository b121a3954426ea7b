using System.Net;
using System.Net.Sockets;

namespace VoiceAgent.Tests.Gateway;

/// <summary>
/// A TCP relay on 127.0.0.1 (a free port) to a broker. <see cref="Stall"/> makes it stop reading from either side
/// while keeping every socket open, so that writers fill the TCP windows and block, as behind a broker that stopped
/// taking messages; <see cref="Resume"/> forwards everything held back, in order, nothing lost.
/// </summary>
internal sealed class StallingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Socket> _sockets = [];
    private readonly List<Task> _pumps = [];
    private readonly Lock _gateLock = new();
    private readonly Task _accepting;
    private TaskCompletionSource _flowing = NewGate(open: true);

    public StallingProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>The proxy as a RocketMQ endpoint (<c>host:port</c>).</summary>
    public string Endpoints => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>A connection string for <paramref name="broker"/> that goes through this proxy.</summary>
    public string ConnectionStringFor(VoiceAgent.Broker.EmbeddedBroker broker) =>
        broker.ConnectionString.Replace("Endpoints=" + broker.Endpoints, "Endpoints=" + Endpoints, StringComparison.Ordinal);

    public void Stall()
    {
        lock (_gateLock)
        {
            if (_flowing.Task.IsCompleted)
            {
                _flowing = NewGate(open: false);
            }
        }
    }

    public void Resume()
    {
        lock (_gateLock)
        {
            _flowing.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Resume();
        await _stopping.CancelAsync();
        _listener.Stop();
        lock (_sockets)
        {
            _sockets.ForEach(socket => socket.Dispose());
        }

        await Task.WhenAll([.. _pumps, _accepting]).ContinueWith(static _ => { }, TaskScheduler.Default).WaitAsync(TimeSpan.FromSeconds(10));
        _stopping.Dispose();
    }

    private static TaskCompletionSource NewGate(bool open)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (open)
        {
            gate.SetResult();
        }

        return gate;
    }

    private Task WhenFlowingAsync()
    {
        lock (_gateLock)
        {
            return _flowing.Task;
        }
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
                // Stalled: nothing is read, so the sender's window fills and its writes block.
                await WhenFlowingAsync().WaitAsync(_stopping.Token);
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stopping.Token);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                await WhenFlowingAsync().WaitAsync(_stopping.Token);
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stopping.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped, or one side closed.
        }
    }
}
