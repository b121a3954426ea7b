using Microsoft.Extensions.DependencyInjection;
using VoiceAgent.Gateway.Connections;
using VoiceAgent.Realtime.Events;
using VoiceAgent.Realtime.Link;

namespace VoiceAgent.Tests.Gateway;

public sealed class GatewayLimitTests : GatewayTestBase
{
    [Fact]
    public async Task AFrameLargerThanTheLimitClosesTheConnectionWith1009()
    {
        var gateway = await StartGatewayAsync(new Dictionary<string, string?> { ["VoiceAgent:Gateway:MaxFrameBytes"] = "4096" });
        var client = await OpenSessionAsync(gateway);

        await client.SendAudioAsync(new byte[4096], binary: true);
        await client.SendAudioAsync(new byte[8192], binary: true);
        var frames = await client.WaitForCloseAsync();

        Assert.Equal(1009, (int?)client.CloseStatus);
        Assert.Equal(RealtimeErrorCodes.FrameTooLarge, frames[^1].ErrorCode);
        Assert.Null(frames[^1].Seq);
        var audio = await Processor.UntilAsync(r => r.Envelope.Kind == LinkMessageKind.Audio);
        Assert.Equal(4096, audio[^1].Envelope.Body.Length);
    }

    [Fact]
    public async Task MoreEventsPerSecondThanTheLimitCloseTheConnectionWith1008()
    {
        var gateway = await StartGatewayAsync(new Dictionary<string, string?> { ["VoiceAgent:Gateway:MaxEventsPerSecond"] = "5" });
        var client = await OpenSessionAsync(gateway);

        for (var i = 0; i < 30 && client.Socket.State == System.Net.WebSockets.WebSocketState.Open; i++)
        {
            try
            {
                await client.SendJsonAsync("""{"type":"input_audio_buffer.clear"}""");
            }
            catch (System.Net.WebSockets.WebSocketException)
            {
                break;
            }
        }

        var frames = await client.WaitForCloseAsync();

        Assert.Equal(1008, (int?)client.CloseStatus);
        Assert.Equal(RealtimeErrorCodes.RateLimitExceeded, frames[^1].ErrorCode);
    }

    [Fact]
    public async Task OneSessionMoreThanTheLimitIsRefusedWith1013ButAResumeOfAHeldSessionIsNot()
    {
        var gateway = await StartGatewayAsync(new Dictionary<string, string?> { ["VoiceAgent:Gateway:MaxSessions"] = "1" });
        var client = await OpenSessionAsync(gateway);

        var refused = await ConnectAsync(gateway);
        var frames = await refused.WaitForCloseAsync();
        var resumed = await ResumeAsync(gateway, client);

        Assert.Equal(1013, (int?)refused.CloseStatus);
        Assert.Equal(RealtimeErrorCodes.ServerBusy, Assert.Single(frames).ErrorCode);
        await resumed.ExpectAsync("session.resumed");
    }

    [Fact]
    public async Task ConcurrentConnectionsNeverExceedTheSessionLimit()
    {
        var gateway = await StartGatewayAsync(new Dictionary<string, string?> { ["VoiceAgent:Gateway:MaxSessions"] = "2" });

        var clients = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => ConnectAsync(gateway)));
        var firsts = await Task.WhenAll(clients.Select(c => c.ReceiveAsync(TimeSpan.FromSeconds(20))));

        Assert.Equal(2, firsts.Count(f => f.Type == "session.created"));
        Assert.Equal(4, firsts.Count(f => f.ErrorCode == RealtimeErrorCodes.ServerBusy));
    }

    [Fact]
    public async Task AnIdleConnectionIsClosedWith1000AfterAnIdleTimeoutError()
    {
        var gateway = await StartGatewayAsync(new Dictionary<string, string?> { ["VoiceAgent:Gateway:IdleTimeout"] = "00:00:01" });
        var client = await OpenSessionAsync(gateway);

        var frames = await client.WaitForCloseAsync();
        var end = (await Processor.UntilAsync(r => IsUplink(r, "session.end")))[^1];

        Assert.Equal(1000, (int?)client.CloseStatus);
        Assert.Equal(RealtimeErrorCodes.IdleTimeout, frames[^1].ErrorCode);
        Assert.Contains("\"reason\":\"idle_timeout\"", System.Text.Encoding.UTF8.GetString(end.Envelope.Body.Span), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AClientThatDoesNotReadIsClosedWith4008AndItsEventsWaitForTheResume()
    {
        var gateway = await StartGatewayAsync(new Dictionary<string, string?>
        {
            ["VoiceAgent:Gateway:SendQueueCapacity"] = "4",
            ["VoiceAgent:Gateway:SlowClientTimeout"] = "00:00:01",
            ["VoiceAgent:Gateway:CloseTimeout"] = "00:00:15",
        });
        var client = await OpenSessionAsync(gateway);
        var sessionId = client.SessionId!;
        var registry = gateway.Services.GetRequiredService<ConnectionRegistry>();

        // 60 events of 200 KB: more than the socket buffers hold while the client reads nothing.
        var ids = await PublishTextDeltasAsync(sessionId, 60, text: new string('x', 200_000));
        await EventuallyAsync(() => !registry.TryGet(sessionId, out var c) || c!.IsClosing, TimeSpan.FromSeconds(30), "the gateway gives up on the client");
        var frames = await client.WaitForCloseAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(4008, (int?)client.CloseStatus);
        Assert.Equal(RealtimeErrorCodes.SlowConsumer, frames[^1].ErrorCode);
        var received = frames.Where(f => f.Type == "response.output_text.delta").Select(f => f.EventId).ToList();
        Assert.True(received.Count < ids.Count, "the client was closed before it had everything");

        var resumed = await ResumeAsync(gateway, client);
        var rest = await resumed.ReceiveUntilAsync(f => f.EventId == ids[^1], TimeSpan.FromSeconds(30));
        received.AddRange(rest.Where(f => f.Type == "response.output_text.delta").Select(f => f.EventId));

        Assert.Equal<string?>(ids, received);
    }
}
