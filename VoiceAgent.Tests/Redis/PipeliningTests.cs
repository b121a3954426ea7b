using System.Text;
using VoiceAgent.Redis;
using VoiceAgent.Tests.Redis.Infrastructure;

namespace VoiceAgent.Tests.Redis;

public sealed class PipeliningTests(RedisServerFixture redis) : RedisClientTest(redis)
{
    // Thousands of commands at once on a busy two-core machine: these tests are about matching, not latency.
    protected override string ConnectionString => Redis.ConnectionString + ",syncTimeout=60000";

    [Fact]
    public async Task ThousandsOfConcurrentCommandsEachGetTheirOwnReply()
    {
        const int Sessions = 3_000;
        var counter = Key("counter");

        var work = Enumerable.Range(0, Sessions).Select(async i =>
        {
            var key = Key($"session:{i}");
            var setting = Client.SetAsync(key, $"value {i}");
            var counting = Client.IncrAsync(counter);
            var pushing = Client.RPushAsync(Key($"list:{i}"), [i, i + 1]);
            await Task.WhenAll(setting, counting, pushing);
            Assert.Equal(2, pushing.Result);
            Assert.Equal($"value {i}", await Client.GetStringAsync(key));
            Assert.Equal([i.ToString(), (i + 1).ToString()], (await Client.LRangeAsync(Key($"list:{i}"))).Select(v => v.ToString()));
            return counting.Result;
        });
        var counts = await Task.WhenAll(work).WaitAsync(TestTimeouts.Default);

        // Every INCR got its own, distinct reply.
        Assert.Equal(Enumerable.Range(1, Sessions).Select(n => (long)n), counts.Order());
        Assert.Equal(Sessions.ToString(), await Client.GetStringAsync(counter));
    }

    [Fact]
    public async Task RepliesOfEveryShapeInterleavedStayMatched()
    {
        var blob = new byte[200_000];
        Random.Shared.NextBytes(blob);
        await Client.SetAsync(Key("blob"), blob);
        await Client.HSetAsync(Key("hash"), [new("f1", "v1"), new("f2", "v2")]);

        var tasks = new List<Task>();
        for (var i = 0; i < 300; i++)
        {
            tasks.Add(Client.GetAsync(Key("blob")).ContinueWith(t => Assert.True(blob.AsSpan().SequenceEqual(t.Result.Span)), TaskScheduler.Default));
            tasks.Add(Client.HGetAllAsync(Key("hash")).ContinueWith(t => Assert.Equal("v2", t.Result["f2"].ToString()), TaskScheduler.Default));
            tasks.Add(Client.GetStringAsync(Key("missing")).ContinueWith(t => Assert.Null(t.Result), TaskScheduler.Default));
            tasks.Add(Client.PingAsync());
            tasks.Add(Assert.ThrowsAsync<RedisServerException>(() => Client.IncrAsync(Key("hash"))));
        }

        await Task.WhenAll(tasks).WaitAsync(TestTimeouts.Default);
    }

    [Fact]
    public async Task ASmallOutgoingQueueMakesCallersWaitWithoutLosingCommands()
    {
        var options = RedisOptions.Parse(ConnectionString);
        options.MaxQueuedCommands = 2;
        await using var client = await RedisClient.ConnectAsync(options).WaitAsync(TestTimeouts.Default);
        var value = Encoding.ASCII.GetBytes(new string('x', 10_000));

        var results = await Task.WhenAll(Enumerable.Range(0, 2_000).Select(i => client.RPushAsync(Key("queue"), value))).WaitAsync(TestTimeouts.Default);

        Assert.Equal(Enumerable.Range(1, 2_000).Select(n => (long)n), results.Order());
    }

    [Fact]
    public async Task GenericCommandsReturnTheRawReply()
    {
        await Client.SetAsync(Key("a"), "1");
        await Client.SetAsync(Key("b"), "2");

        var values = await Client.ExecuteAsync("MGET", Key("a"), Key("missing"), Key("b"));
        var type = await Client.ExecuteAsync("type", Key("a"));

        Assert.Equal("[\"1\", (nil), \"2\"]", values.ToString());
        Assert.Equal(RedisReplyKind.SimpleString, type.Kind);
        Assert.Equal("string", type.AsString());
    }

    [Theory]
    [InlineData("MULTI")]
    [InlineData("subscribe")]
    [InlineData("SELECT")]
    [InlineData("AUTH")]
    [InlineData("QUIT")]
    public async Task CommandsThatWouldBreakTheSharedConnectionAreRefused(string command)
    {
        var error = await Assert.ThrowsAsync<NotSupportedException>(() => Client.ExecuteAsync(command, "x"));

        Assert.Contains("not allowed on the shared connection", error.Message);
        Assert.Equal("PONG", (await Client.ExecuteAsync("PING")).AsString());
    }
}
