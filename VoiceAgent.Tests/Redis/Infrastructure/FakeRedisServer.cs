using System.Net;
using System.Net.Sockets;
using System.Text;
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

/// <summary>One client connection of a <see cref="FakeRedisServer"/>.</summary>
public sealed class FakeRedisConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly BufferedStream _input;

    public FakeRedisConnection(Socket socket, int number)
    {
        _socket = socket;
        _socket.NoDelay = true;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _input = new BufferedStream(_stream);
        Number = number;
    }

    /// <summary>1 for the first connection the server accepted, 2 for the next, ...</summary>
    public int Number { get; }

    public Task SendAsync(string raw) => SendAsync(Encoding.UTF8.GetBytes(raw));

    public async Task SendAsync(byte[] raw)
    {
        await _stream.WriteAsync(raw);
        await _stream.FlushAsync();
    }

    /// <summary>Sends the bytes one at a time with a pause after each, so the client receives the reply in many reads.</summary>
    public async Task SendByteByByteAsync(string raw)
    {
        foreach (var b in Encoding.UTF8.GetBytes(raw))
        {
            await _stream.WriteAsync(new[] { b });
            await Task.Delay(1);
        }
    }

    public void Close() => _socket.Close();

    public async ValueTask DisposeAsync()
    {
        await _input.DisposeAsync();
        await _stream.DisposeAsync();
    }

    internal async Task<string[]?> ReadCommandAsync(CancellationToken cancellationToken)
    {
        var header = await ReadLineAsync(cancellationToken);
        if (header is null)
        {
            return null;
        }

        if (!header.StartsWith('*'))
        {
            throw new IOException($"The fake server expected a command array, got '{header}'.");
        }

        var words = new string[int.Parse(header[1..])];
        for (var i = 0; i < words.Length; i++)
        {
            var length = int.Parse((await ReadLineAsync(cancellationToken))![1..]);
            var payload = new byte[length + 2];
            await _input.ReadExactlyAsync(payload, cancellationToken);
            words[i] = Encoding.UTF8.GetString(payload, 0, length);
        }

        return words;
    }

    private async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            if (await _input.ReadAsync(one, cancellationToken) == 0)
            {
                return line.Length == 0 ? null : throw new IOException("Connection closed mid-line.");
            }

            if (one[0] == (byte)'\n')
            {
                return line.ToString().TrimEnd('\r');
            }

            line.Append((char)one[0]);
        }
    }
}
