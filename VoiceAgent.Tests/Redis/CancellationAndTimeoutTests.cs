using VoiceAgent.Redis;
using VoiceAgent.Tests.Infrastructure;
using VoiceAgent.Tests.Redis.Infrastructure;

namespace VoiceAgent.Tests.Redis;

public sealed class CancellationAndTimeoutTests(RedisServerFixture redis) : RedisClientTest(redis)
{
    [Fact]
    public async Task AnAlreadyCancelledCommandIsNeverSent()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client.IncrAsync(Key("n"), cancelled.Token));

        Assert.Null(await Client.GetStringAsync(Key("n")));
    }

    [Fact]
    public async Task CancellingAfterSendingDiscardsTheReplyAndLaterRepliesStayInOrder()
    {
        using var cancel = new CancellationTokenSource();

        // BLPOP holds the connection's replies back for five seconds; everything queued behind it waits.
        var blocking = Client.ExecuteAsync("BLPOP", [Key("never"), 5], cancel.Token);
        var incr = Client.IncrAsync(Key("n"));
        var get = Client.GetStringAsync(Key("n"));
        cancel.CancelAfter(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => blocking).WaitAsync(TestTimeouts.Default);
        Assert.False(incr.IsCompleted, "INCR completed before the BLPOP reply it is queued behind");

        // If the BLPOP's nil reply were handed to INCR, INCR would fail and GET would get INCR's integer.
        Assert.Equal(1, await incr.WaitAsync(TestTimeouts.Default));
        Assert.Equal("1", await get.WaitAsync(TestTimeouts.Default));
        Assert.Equal(2, await Client.IncrAsync(Key("n")));
    }

    [Fact]
    public async Task ATimedOutCommandSaysItWasSentAndLaterRepliesStayInOrder()
    {
        // BLPOP answers 1.5 timeouts after it was sent: half a timeout after it timed out, and half a timeout before the
        // commands sent at that moment would time out themselves. Margins of 4 s each way: on a loaded 2-core machine the
        // timeout could fire after the reply had arrived with the 2.5 s margins used before.
        var options = RedisOptions.Parse(Redis.ConnectionString + ",syncTimeout=8000");
        await using var client = await RedisClient.ConnectAsync(options).WaitAsync(TestTimeouts.Default);

        var blocking = client.ExecuteAsync("BLPOP", Key("never"), 12);
        var timeout = await Assert.ThrowsAsync<RedisTimeoutException>(() => blocking).WaitAsync(TestTimeouts.Default);

        Assert.True(timeout.CommandMayHaveExecuted);
        Assert.Contains("BLPOP timed out after 8000 ms waiting for its reply", timeout.Message);

        // Sent after the timeout; answered after BLPOP's late (discarded) nil reply.
        var incr = client.IncrAsync(Key("n"));
        var get = client.GetStringAsync(Key("n"));
        Assert.Equal(1, await incr.WaitAsync(TestTimeouts.Default));
        Assert.Equal("1", await get.WaitAsync(TestTimeouts.Default));
    }

    [Fact]
    public async Task ACommandThatCannotBeSentTimesOutSayingItWasNotSent()
    {
        var options = RedisOptions.Parse($"127.0.0.1:{FreePort.Next()},syncTimeout=300,connectTimeout=200");
        await using var client = new RedisClient(options);

        var timeout = await Assert.ThrowsAsync<RedisTimeoutException>(() => client.SetAsync(Key("x"), "1")).WaitAsync(TestTimeouts.Default);

        Assert.False(timeout.CommandMayHaveExecuted);
        Assert.Contains("SET timed out after 300 ms before it could be sent: not connected to Redis at 127.0.0.1:", timeout.Message);
        Assert.Contains("It was not sent.", timeout.Message);
    }

    [Fact]
    public async Task ConnectAsyncToNothingFailsWithTheConnectionError()
    {
        var options = RedisOptions.Parse($"127.0.0.1:{FreePort.Next()},syncTimeout=3000");

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => RedisClient.ConnectAsync(options)).WaitAsync(TestTimeouts.Default);

        Assert.Contains("Could not connect to Redis at 127.0.0.1:", error.Message);
        Assert.Contains("refused", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ADisposedClientRefusesCommands()
    {
        var client = await RedisClient.ConnectAsync(TestTimeouts.Relaxed(Redis.ConnectionString)).WaitAsync(TestTimeouts.Default);
        await client.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.PingAsync());
    }

    [Fact]
    public async Task DisposingWaitsForRepliesAlreadyOnTheirWay()
    {
        var client = await RedisClient.ConnectAsync(TestTimeouts.Relaxed(Redis.ConnectionString)).WaitAsync(TestTimeouts.Default);
        var writes = Enumerable.Range(0, 500).Select(i => client.SetAsync(Key($"k{i}"), i)).ToArray();

        await client.DisposeAsync().AsTask().WaitAsync(TestTimeouts.Default);

        // None failed: each was written and its reply collected before the connection closed.
        Assert.All(await Task.WhenAll(writes).WaitAsync(TestTimeouts.Default), Assert.True);
        Assert.Equal("499", await Client.GetStringAsync(Key("k499")));
    }
}
