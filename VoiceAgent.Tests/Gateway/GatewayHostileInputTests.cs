using System.Net.WebSockets;
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
}
