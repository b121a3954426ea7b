using System.Net.Sockets;
using System.Text;

namespace VoiceAgent.Tests.Redis.Infrastructure;

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

    /// <summary>Free for handlers to mark a connection that no longer answers.</summary>
    public bool Hung { get; set; }

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
