using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VoiceAgent.Gateway.Connections;
using VoiceAgent.Realtime.Events;
using VoiceAgent.Tests.Grpc;

namespace VoiceAgent.Tests.Gateway;

/// <summary>Ping/pong keep-alive: a client that stops answering is dropped; one that answers stays until the idle timeout.</summary>
public sealed class GatewayKeepAliveTests : GatewayTestBase
{
    private static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan KeepAliveTimeout = TimeSpan.FromSeconds(1);

    // The socket checks its pong deadline on a timer: allow for that and for a loaded machine.
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(8);

    [Fact]
    public async Task AClientThatStopsAnsweringPingsIsDroppedItsSlotFreedAndItsEventsWaitForTheResume()
    {
        var logs = new CollectingLoggerProvider();
        await using var gateway = await GatewayHost.StartAsync(
            Broker,
            new Dictionary<string, string?>
            {
                ["VoiceAgent:Gateway:KeepAliveInterval"] = KeepAliveInterval.ToString(),
                ["VoiceAgent:Gateway:KeepAliveTimeout"] = KeepAliveTimeout.ToString(),
                ["VoiceAgent:Gateway:MaxSessions"] = "1",
            },
            logging: logging => logging.AddProvider(logs));
        var other = await StartGatewayAsync();
        var registry = gateway.Services.GetRequiredService<ConnectionRegistry>();

        using var silent = await SilentRawClient.ConnectAsync(gateway.RealtimeUri);
        var silentSince = Stopwatch.StartNew();
        Assert.Equal(1, silent.SessionCreated.GetProperty("seq").GetInt64());
        var before = await PublishTextDeltasAsync(silent.SessionId, 2);
        await EventuallyAsync(() => !registry.TryGet(silent.SessionId, out _), KeepAliveInterval + KeepAliveTimeout + Slack, "the gateway drops the silent client");
        var droppedAfter = silentSince.Elapsed;
        var after = await PublishTextDeltasAsync(silent.SessionId, 2, firstIndex: 2);

        // Its place is free: this gateway holds one session at most.
        await using var next = await ConnectOnceFreeAsync(gateway, TimeSpan.FromSeconds(30));

        var end = (await Processor.UntilAsync(r => IsUplink(r, "session.end") && r.Envelope.SessionId == silent.SessionId))[^1];
        Assert.Contains("\"reason\":\"keepalive_timeout\"", Encoding.UTF8.GetString(end.Envelope.Body.Span), StringComparison.Ordinal);
        Assert.Contains(logs.Entries, e => e.Message.Contains(silent.SessionId, StringComparison.Ordinal) && e.Message.Contains("keep-alive timeout", StringComparison.Ordinal));
        Assert.True(droppedAfter < KeepAliveInterval + KeepAliveTimeout + Slack, $"dropped after {droppedAfter}");

        var resumed = await RealtimeTestClient.ConnectAsync(
            other.RealtimeUri,
            new RealtimeTestClient.Options { SessionId = silent.SessionId, ResumeToken = silent.ResumeToken, LastSeq = 1 });
        await using (resumed)
        {
            var frames = await resumed.ReceiveUntilAsync(f => f.EventId == after[^1], TimeSpan.FromSeconds(30));
            Assert.Equal([.. before, .. after], frames.Where(f => f.Type == "response.output_text.delta").Select(f => f.EventId));
        }
    }

    [Fact]
    public async Task AClientThatAnswersPingsButSendsNothingIsKeptUntilTheIdleTimeout()
    {
        var idle = TimeSpan.FromSeconds(4);
        var gateway = await StartGatewayAsync(new Dictionary<string, string?>
        {
            ["VoiceAgent:Gateway:KeepAliveInterval"] = "00:00:00.250",
            ["VoiceAgent:Gateway:KeepAliveTimeout"] = "00:00:00.500",
            ["VoiceAgent:Gateway:IdleTimeout"] = idle.ToString(),
        });
        var client = await OpenSessionAsync(gateway);
        var since = Stopwatch.StartNew();

        // Reading answers the pings (the client socket replies with pongs while a receive is pending).
        var frames = await client.WaitForCloseAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1000, (int?)client.CloseStatus);
        Assert.Equal(RealtimeErrorCodes.IdleTimeout, frames[^1].ErrorCode);
        Assert.True(since.Elapsed >= idle - TimeSpan.FromMilliseconds(500), $"closed after {since.Elapsed}, before the idle timeout");
    }

    /// <summary>Connects until the gateway has a free place (the dropped connection gives its place back once it has ended).</summary>
    private static async Task<RealtimeTestClient> ConnectOnceFreeAsync(GatewayHost gateway, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var client = await RealtimeTestClient.ConnectAsync(gateway.RealtimeUri);
            var first = await client.ReceiveAsync(TimeSpan.FromSeconds(20));
            if (first.Type == "session.created")
            {
                return client;
            }

            Assert.Equal(RealtimeErrorCodes.ServerBusy, first.ErrorCode);
            await client.DisposeAsync();
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"The dropped connection still held its place after {timeout.TotalSeconds:F0} s.");
            }

            await Task.Delay(200);
        }
    }
}
