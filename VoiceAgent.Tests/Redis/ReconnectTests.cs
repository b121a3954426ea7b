using Microsoft.Extensions.Logging;
using VoiceAgent.Redis;
using VoiceAgent.Tests.Redis.Infrastructure;

namespace VoiceAgent.Tests.Redis;

public sealed class ReconnectTests
{
    [Fact]
    public async Task AKilledAndRestartedServerFailsInFlightCommandsClearlyThenServesLaterOnes()
    {
        await using var server = await RedisServer.StartAsync();
        var logs = new CollectingLoggerProvider();
        var options = RedisOptions.Parse(TestTimeouts.Relaxed(server.ConnectionString));
        options.ReconnectMaxDelay = TimeSpan.FromMilliseconds(500);
        await using var client = await RedisClient.ConnectAsync(options, logs).WaitAsync(TestTimeouts.Default);
        await client.SetAsync("before", "1");

        var inFlight = client.ExecuteAsync("BLPOP", "nothing", 60);
        await WaitUntilBlockedAsync(server);
        await server.KillAsync();

        var lost = await Assert.ThrowsAsync<RedisConnectionException>(() => inFlight).WaitAsync(TestTimeouts.Default);
        Assert.True(lost.CommandMayHaveExecuted);
        Assert.Contains($"The connection to Redis at 127.0.0.1:{server.Port} was lost before the reply to BLPOP arrived", lost.Message);
        Assert.Contains("it was not resent", lost.Message);

        await server.RestartAsync();
        await Eventually.TrueAsync(async () => await client.PingAsync() > TimeSpan.Zero, TestTimeouts.Default, "the client has reconnected");

        Assert.True(await client.SetAsync("after", "2"));
        Assert.Equal("2", await client.GetStringAsync("after"));
        Assert.Null(await client.GetStringAsync("before"));
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.StartsWith("Lost the connection to Redis at"));
        Assert.Contains(logs.Entries, e => e.Message.StartsWith($"Reconnected to Redis at 127.0.0.1:{server.Port}"));
    }

    [Fact]
    public async Task CommandsIssuedWhileTheServerIsDownAreSentOnceItIsBackUnlessCancelled()
    {
        await using var server = await RedisServer.StartAsync();
        var options = RedisOptions.Parse(server.ConnectionString + ",syncTimeout=20000");
        options.ReconnectMaxDelay = TimeSpan.FromMilliseconds(200);
        await using var client = await RedisClient.ConnectAsync(options).WaitAsync(TestTimeouts.Default);

        await server.KillAsync();
        await Eventually.TrueAsync(() => Task.FromResult(!client.IsConnected), TestTimeouts.Default, "the client has noticed the server is gone");
        using var cancel = new CancellationTokenSource();
        var cancelledWhileQueued = client.IncrAsync("cancelled", cancel.Token);
        var queued = client.IncrAsync("counter");
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelledWhileQueued).WaitAsync(TestTimeouts.Default);
        await server.RestartAsync();

        // The queued INCR ran on the new connection; the one cancelled before it was written was never sent.
        Assert.Equal(1, await queued.WaitAsync(TestTimeouts.Default));
        Assert.Null(await client.GetStringAsync("cancelled"));
    }

    [Fact]
    public async Task AnInFlightNonIdempotentCommandIsNeverResentAfterTheConnectionDrops()
    {
        await using var server = await RedisServer.StartAsync();
        await using var forwarder = new TcpForwarder(server.Port);
        var options = RedisOptions.Parse(TestTimeouts.Relaxed(forwarder.ConnectionString));
        options.ReconnectMaxDelay = TimeSpan.FromMilliseconds(200);
        await using var client = await RedisClient.ConnectAsync(options).WaitAsync(TestTimeouts.Default);
        await using var observer = await RedisClient.ConnectAsync(TestTimeouts.Relaxed(server.ConnectionString)).WaitAsync(TestTimeouts.Default);

        // While BLPOP blocks, Redis leaves the INCR behind it unexecuted: only a resend could ever run it.
        var blocking = client.ExecuteAsync("BLPOP", "nothing", 60);
        var incr = client.IncrAsync("counter");
        await WaitUntilBlockedAsync(server);
        await forwarder.DropConnectionsAsync();

        var lost = await Assert.ThrowsAsync<RedisConnectionException>(() => incr).WaitAsync(TestTimeouts.Default);
        await Assert.ThrowsAsync<RedisConnectionException>(() => blocking).WaitAsync(TestTimeouts.Default);
        Assert.True(lost.CommandMayHaveExecuted);
        Assert.Contains("INCR", lost.Message);

        await Eventually.TrueAsync(async () => await client.PingAsync() > TimeSpan.Zero, TestTimeouts.Default, "the client has reconnected");
        Assert.Equal(2, forwarder.ConnectionsAccepted);
        Assert.Null(await observer.GetStringAsync("counter"));
        Assert.Equal(1, await client.IncrAsync("counter"));
    }

    private static async Task WaitUntilBlockedAsync(RedisServer server)
    {
        await using var observer = await RedisClient.ConnectAsync(TestTimeouts.Relaxed(server.ConnectionString)).WaitAsync(TestTimeouts.Default);
        await Eventually.TrueAsync(
            async () => (await observer.ExecuteAsync("INFO", "clients")).AsString()!.Contains("blocked_clients:1"),
            TestTimeouts.Default,
            "the BLPOP is blocking on the server");
    }
}
