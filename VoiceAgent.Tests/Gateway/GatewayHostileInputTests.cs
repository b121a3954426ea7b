using System.Diagnostics;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using VoiceAgent.Realtime.Events;

namespace VoiceAgent.Tests.Gateway;

/// <summary>Clients that try to hold the gateway's memory or a connection with input that never ends.</summary>
public sealed class GatewayHostileInputTests : GatewayTestBase
{
    [Fact]
    public async Task AMessageWhoseFragmentsNeverEndIsClosedWith1009AsSoonAsItPassesTheFrameLimit()
    {
        const int MaxFrameBytes = 64 * 1024;
        var gateway = await StartGatewayAsync(new Dictionary<string, string?> { ["VoiceAgent:Gateway:MaxFrameBytes"] = MaxFrameBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var client = await OpenSessionAsync(gateway);

        var fragment = new byte[4096];
        long sent = 0;
        var sending = Task.Run(async () =>
        {
            // One binary message, continued forever (no end of message), until the gateway stops it.
            while (true)
            {
                await client.Socket.SendAsync(fragment, WebSocketMessageType.Binary, endOfMessage: false, CancellationToken.None);
                Interlocked.Add(ref sent, fragment.Length);
            }
        });
        var frames = await client.WaitForCloseAsync(TimeSpan.FromSeconds(30));
        await Assert.ThrowsAnyAsync<Exception>(() => sending).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1009, (int?)client.CloseStatus);
        Assert.Equal(RealtimeErrorCodes.FrameTooLarge, frames[^1].ErrorCode);
        Assert.True(Interlocked.Read(ref sent) > MaxFrameBytes, "the gateway closed before the limit");
    }

    [Fact]
    public async Task AHandshakeThatNeverCompletesGets408AndIsDroppedAfterKestrelsRequestHeadersTimeout()
    {
        // Kestrel's default (30 s): the gateway must not lift it for its endpoint before the upgrade.
        var gateway = await StartGatewayAsync();
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(gateway.BaseUri.Host, gateway.BaseUri.Port).WaitAsync(TimeSpan.FromSeconds(10));
        var stream = tcp.GetStream();
        var since = Stopwatch.StartNew();

        // Half an upgrade request, then nothing: the headers never end.
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET /v1/realtime HTTP/1.1\r\nHost: {gateway.BaseUri.Authority}\r\nUpgrade: websocket\r\n"));
        var buffer = new byte[4096];
        var response = new StringBuilder();
        try
        {
            int read;
            do
            {
                read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(60));
                response.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
            while (read > 0);
        }
        catch (IOException)
        {
            // Reset after the response: dropped all the same.
        }

        Assert.StartsWith("HTTP/1.1 408", response.ToString(), StringComparison.Ordinal);
        Assert.True(since.Elapsed < TimeSpan.FromSeconds(45), $"dropped after {since.Elapsed}");
    }
}
