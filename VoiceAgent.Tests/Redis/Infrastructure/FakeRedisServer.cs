using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace VoiceAgent.Tests.Redis.Infrastructure;

/// <summary>
/// A scripted stand-in for Redis on 127.0.0.1: it reads commands (RESP arrays of bulk strings) and answers each with
/// whatever raw bytes the test's handler returns, to provoke broken replies and split frames that a real server never sends.
/// </summary>
public sealed class FakeRedisServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<FakeRedisConnection, string[], Task> _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<FakeRedisConnection> _accepted = Channel.CreateUnbounded<FakeRedisConnection>();
    private readonly List<Task> _connections = [];
    private readonly Task _accepting;
    private int _connectionCount;

    /// <param name="handler">Called for every command with the connection to answer on (or not).</param>
    public FakeRedisServer(Func<FakeRedisConnection, string[], Task> handler)
    {
        _handler = handler;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>How many connections the server has accepted so far.</summary>
    public int ConnectionCount => Volatile.Read(ref _connectionCount);

    /// <summary>Waits for the next accepted connection.</summary>
    public async Task<FakeRedisConnection> NextConnectionAsync() =>
        await _accepted.Reader.ReadAsync().AsTask().WaitAsync(TestTimeouts.Default);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Task[] running;
        lock (_connections)
        {
            running = [.. _connections];
        }

        await Task.WhenAll(running).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var socket = await _listener.AcceptSocketAsync(_stop.Token);
            var connection = new FakeRedisConnection(socket, Interlocked.Increment(ref _connectionCount));
            _accepted.Writer.TryWrite(connection);
            lock (_connections)
            {
                _connections.Add(ServeAsync(connection));
            }
        }
    }

    private async Task ServeAsync(FakeRedisConnection connection)
    {
        await using (connection)
        {
            try
            {
                while (await connection.ReadCommandAsync(_stop.Token) is { } command)
                {
                    await _handler(connection, command);
                }
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }
    }
}
