using VoiceAgent.Redis;
using VoiceAgent.Tests.Redis.Infrastructure;

namespace VoiceAgent.Tests.Redis;

public sealed class HashCommandTests(RedisServerFixture redis) : RedisClientTest(redis)
{
    [Fact]
    public async Task HSetCountsNewFieldsAndHGetReadsThem()
    {
        Assert.Equal(1, await Client.HSetAsync(Key("h"), "state", "listening"));
        Assert.Equal(0, await Client.HSetAsync(Key("h"), "state", "speaking"));

        Assert.Equal("speaking", (await Client.HGetAsync(Key("h"), "state")).ToString());
        Assert.True((await Client.HGetAsync(Key("h"), "missing")).IsNull);
        Assert.True((await Client.HGetAsync(Key("missing"), "state")).IsNull);
    }

    [Fact]
    public async Task HSetOfSeveralFieldsAndHGetAllRoundTrip()
    {
        var audio = new byte[] { 0, 1, 2, 255, 13, 10 };
        var added = await Client.HSetAsync(Key("h"), [
            new("turn", 7),
            new("text", "Bonjour, ça va ?"),
            new("audio", audio),
        ]);

        var all = await Client.HGetAllAsync(Key("h"));

        Assert.Equal(3, added);
        Assert.Equal(["audio", "text", "turn"], all.Keys.Order());
        Assert.Equal("7", all["turn"].ToString());
        Assert.Equal("Bonjour, ça va ?", all["text"].ToString());
        Assert.Equal(audio, all["audio"].Span.ToArray());
    }

    [Fact]
    public async Task HGetAllOfAMissingKeyIsEmpty()
    {
        Assert.Empty(await Client.HGetAllAsync(Key("missing")));
    }

    [Fact]
    public async Task HDelRemovesFields()
    {
        await Client.HSetAsync(Key("h"), [new("a", 1), new("b", 2), new("c", 3)]);

        Assert.True(await Client.HDelAsync(Key("h"), "a"));
        Assert.False(await Client.HDelAsync(Key("h"), "a"));
        Assert.Equal(1, await Client.HDelAsync(Key("h"), ["b", "zzz"]));

        Assert.Equal(["c"], (await Client.HGetAllAsync(Key("h"))).Keys);
    }

    [Fact]
    public async Task HIncrByCounts()
    {
        Assert.Equal(5, await Client.HIncrByAsync(Key("h"), "seq", 5));
        Assert.Equal(4, await Client.HIncrByAsync(Key("h"), "seq", -1));
        Assert.Equal("4", (await Client.HGetAsync(Key("h"), "seq")).ToString());
    }

    [Fact]
    public async Task HashCommandsOnAStringAreWrongType()
    {
        await Client.SetAsync(Key("s"), "x");

        var error = await Assert.ThrowsAsync<RedisServerException>(() => Client.HGetAllAsync(Key("s")));

        Assert.Equal("WRONGTYPE", error.ErrorCode);
    }
}
