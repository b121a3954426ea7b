using System.Buffers.Binary;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace VoiceAgent.Tests.Gateway;

/// <summary>
/// A client on a bare TCP socket that does the WebSocket handshake by hand, reads the first server event
/// (<c>session.created</c>) and then never reads or writes again: pings go unanswered, as from a device that froze or
/// a network path that died without a FIN.
/// </summary>
internal sealed class SilentRawClient : IDisposable
{
    private readonly TcpClient _tcp;

    private SilentRawClient(TcpClient tcp, JsonElement sessionCreated)
    {
        _tcp = tcp;
        SessionCreated = sessionCreated;
    }

    public JsonElement SessionCreated { get; }

    public string SessionId => SessionCreated.GetProperty("session").GetProperty("id").GetString()!;

    public string ResumeToken => SessionCreated.GetProperty("session").GetProperty("resume_token").GetString()!;

    public static async Task<SilentRawClient> ConnectAsync(Uri realtimeUri, string apiKey = GatewayHost.DefaultApiKey)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync(realtimeUri.Host, realtimeUri.Port, timeout.Token);
            var stream = tcp.GetStream();
            var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            var request = $"GET {realtimeUri.PathAndQuery} HTTP/1.1\r\nHost: {realtimeUri.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
                $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer {apiKey}\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(request), timeout.Token);

            var received = new List<byte>();
            var headerEnd = -1;
            while (headerEnd < 0)
            {
                await ReadMoreAsync(stream, received, timeout.Token);
                headerEnd = IndexOfHeaderEnd(received);
            }

            var head = Encoding.ASCII.GetString([.. received.Take(headerEnd)]);
            Assert.StartsWith("HTTP/1.1 101", head, StringComparison.Ordinal);
            received.RemoveRange(0, headerEnd + 4);

            var payload = await ReadFrameAsync(stream, received, timeout.Token);
            return new SilentRawClient(tcp, JsonDocument.Parse(payload).RootElement.Clone());
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    public void Dispose() => _tcp.Dispose();

    private static async Task ReadMoreAsync(NetworkStream stream, List<byte> received, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        var read = await stream.ReadAsync(buffer, cancellationToken);
        if (read == 0)
        {
            throw new IOException("The gateway closed the connection during the handshake.");
        }

        received.AddRange(buffer.AsSpan(0, read));
    }

    private static int IndexOfHeaderEnd(List<byte> received)
    {
        for (var i = 0; i + 3 < received.Count; i++)
        {
            if (received[i] == '\r' && received[i + 1] == '\n' && received[i + 2] == '\r' && received[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>One unfragmented, unmasked server text frame (RFC 6455 section 5.2).</summary>
    private static async Task<byte[]> ReadFrameAsync(NetworkStream stream, List<byte> received, CancellationToken cancellationToken)
    {
        while (received.Count < 2)
        {
            await ReadMoreAsync(stream, received, cancellationToken);
        }

        Assert.Equal(0x81, received[0]);
        var length = (long)(received[1] & 0x7F);
        var headerLength = length switch { 126 => 4, 127 => 10, _ => 2 };
        while (received.Count < headerLength)
        {
            await ReadMoreAsync(stream, received, cancellationToken);
        }

        var header = received.Take(headerLength).ToArray();
        length = length switch
        {
            126 => BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(2)),
            127 => (long)BinaryPrimitives.ReadUInt64BigEndian(header.AsSpan(2)),
            _ => length,
        };
        while (received.Count < headerLength + length)
        {
            await ReadMoreAsync(stream, received, cancellationToken);
        }

        return [.. received.Skip(headerLength).Take((int)length)];
    }
}
