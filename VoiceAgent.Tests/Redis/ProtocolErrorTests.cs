using Microsoft.Extensions.Logging;
using VoiceAgent.Redis;
using VoiceAgent.Tests.Redis.Infrastructure;

namespace VoiceAgent.Tests.Redis;

/// <summary>Against a scripted server that sends what a real Redis never would.</summary>
public sealed class ProtocolErrorTests
{
    [Fact]
    public async Task GarbageFromTheServerResetsTheConnectionWithAClearErrorAndTheClientRecovers()
    {
        await using var server = new FakeRedisServer(async (connection, command) =>
        {
            var reply = (command[0], connection.Number) switch
            {
                ("PING", _) => "+PONG\r\n",
                ("GET", 1) => "hello\r\n",
                ("GET", _) => "$2\r\nok\r\n",
                _ => "-ERR unexpected\r\n",
            };
            await connection.SendAsync(reply);
        });
        var logs = new CollectingLoggerProvider();
        await using var client = await ConnectAsync(server, logs);

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => client.GetAsync("k")).WaitAsync(TestTimeouts.Default);

        Assert.Contains("was reset after a protocol error, before the reply to GET arrived", error.Message);
        var protocolError = Assert.IsType<RedisProtocolException>(error.InnerException);
        Assert.Contains("Unexpected byte 0x68 ('h')", protocolError.Message);
        Assert.Equal("ok", (await client.GetAsync("k").WaitAsync(TestTimeouts.Default)).ToString());
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("sent bytes that are not RESP"));
    }

    [Fact]
    public async Task AReplyNoCommandAskedForIsAProtocolError()
    {
        await using var server = new FakeRedisServer(async (connection, command) =>
        {
            var reply = command[0] == "GET" && connection.Number == 1 ? "$1\r\na\r\n:1\r\n" : "+PONG\r\n";
            await connection.SendAsync(reply);
        });
        await using var client = await ConnectAsync(server);

        // GET's reply is fine; the integer after it answers nothing and resets the connection.
        Assert.Equal("a", (await client.GetAsync("k").WaitAsync(TestTimeouts.Default)).ToString());
        await Eventually.TrueAsync(
            async () => await client.PingAsync() > TimeSpan.Zero && server.ConnectionCount == 2, TestTimeouts.Default, "the client has reconnected");
    }

    [Fact]
    public async Task RepliesTricklingInByteByByteAreReassembled()
    {
        const string Reply = "*3\r\n$5\r\nfirst\r\n$-1\r\n*2\r\n:42\r\n+OK\r\n";
        await using var server = new FakeRedisServer(async (connection, command) =>
        {
            if (command[0] == "PING")
            {
                await connection.SendAsync("+PONG\r\n");
            }
            else
            {
                await connection.SendByteByByteAsync(Reply);
            }
        });
        await using var client = await ConnectAsync(server);

        var first = client.ExecuteAsync("WHATEVER", "1");
        var second = client.ExecuteAsync("WHATEVER", "2");

        Assert.Equal("[\"first\", (nil), [(integer) 42, OK]]", (await first.WaitAsync(TestTimeouts.Default)).ToString());
        Assert.Equal("[\"first\", (nil), [(integer) 42, OK]]", (await second.WaitAsync(TestTimeouts.Default)).ToString());
    }

    [Fact]
    public async Task AServerClosingTheConnectionMidReplyFailsTheCommandAsLost()
    {
        await using var server = new FakeRedisServer(async (connection, command) =>
        {
            if (command[0] == "PING")
            {
                await connection.SendAsync("+PONG\r\n");
            }
            else
            {
                await connection.SendAsync("$10\r\nabc");
                connection.Close();
            }
        });
        await using var client = await ConnectAsync(server);

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => client.GetAsync("k")).WaitAsync(TestTimeouts.Default);

        Assert.Contains("closed the connection in the middle of a reply", error.Message);
        Assert.True(error.CommandMayHaveExecuted);
    }

    [Fact]
    public async Task AnUnexpectedReplyTypeFailsOnlyThatCommand()
    {
        await using var server = new FakeRedisServer(async (connection, command) =>
        {
            var reply = command[0] switch
            {
                "PING" => "+PONG\r\n",
                "INCR" => "$3\r\nabc\r\n",
                _ => "$2\r\nok\r\n",
            };
            await connection.SendAsync(reply);
        });
        await using var client = await ConnectAsync(server);

        var error = await Assert.ThrowsAsync<RedisException>(() => client.IncrAsync("k")).WaitAsync(TestTimeouts.Default);

        Assert.Equal("Unexpected reply to INCR: expected an integer but the server sent a bulk string.", error.Message);
        Assert.Equal("ok", (await client.GetAsync("k").WaitAsync(TestTimeouts.Default)).ToString());
        Assert.Equal(1, server.ConnectionCount);
    }

    [Fact]
    public async Task AConnectionThatStopsAnsweringIsReplacedInsteadOfHoldingEveryCommand()
    {
        // Connection 1 swallows HANG and everything after it, like a peer that vanished without a reset.
        await using var server = new FakeRedisServer(async (connection, command) =>
        {
            if (connection.Number == 1 && (command[0] == "HANG" || connection.Hung))
            {
                connection.Hung = true;
                return;
            }

            await connection.SendAsync("+PONG\r\n");
        });
        var logs = new CollectingLoggerProvider();
        var options = RedisOptions.Parse(server.ConnectionString + ",syncTimeout=300");
        options.UnresponsiveConnectionTimeout = TimeSpan.FromSeconds(1);
        options.ReconnectMaxDelay = TimeSpan.FromMilliseconds(200);
        await using var client = await RedisClient.ConnectAsync(options, logs).WaitAsync(TestTimeouts.Default);

        await Assert.ThrowsAsync<RedisTimeoutException>(() => client.ExecuteAsync("HANG")).WaitAsync(TestTimeouts.Default);

        await Eventually.TrueAsync(
            async () => server.ConnectionCount == 2 && await client.PingAsync() > TimeSpan.Zero, TestTimeouts.Default, "a new connection answers");
        Assert.Contains(logs.Entries, e => e.Exception?.Message.Contains("sent no reply for 1000 ms while commands were waiting") == true);
    }

    private static async Task<RedisClient> ConnectAsync(FakeRedisServer server, ILoggerFactory? logs = null)
    {
        var options = RedisOptions.Parse(TestTimeouts.Relaxed(server.ConnectionString));
        options.ReconnectMaxDelay = TimeSpan.FromMilliseconds(200);
        return await RedisClient.ConnectAsync(options, logs).WaitAsync(TestTimeouts.Default);
    }
}
