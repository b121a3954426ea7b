using VoiceAgent.Redis;
using VoiceAgent.Tests.Redis.Infrastructure;

namespace VoiceAgent.Tests.Redis;

public sealed class ListCommandTests(RedisServerFixture redis) : RedisClientTest(redis)
{
    [Fact]
    public async Task PushesReturnTheNewLengthAndKeepOrder()
    {
        Assert.Equal(1, await Client.RPushAsync(Key("l"), "b"));
        Assert.Equal(3, await Client.RPushAsync(Key("l"), ["c", "d"]));
        Assert.Equal(4, await Client.LPushAsync(Key("l"), "a"));
        Assert.Equal(6, await Client.LPushAsync(Key("l"), ["y", "z"]));

        Assert.Equal(["z", "y", "a", "b", "c", "d"], Texts(await Client.LRangeAsync(Key("l"))));
        Assert.Equal(6, await Client.LLenAsync(Key("l")));
    }

    [Fact]
    public async Task LRangeTakesInclusiveAndNegativeIndexes()
    {
        await Client.RPushAsync(Key("l"), ["0", "1", "2", "3", "4"]);

        Assert.Equal(["1", "2"], Texts(await Client.LRangeAsync(Key("l"), 1, 2)));
        Assert.Equal(["3", "4"], Texts(await Client.LRangeAsync(Key("l"), -2, -1)));
        Assert.Empty(await Client.LRangeAsync(Key("l"), 10, 20));
        Assert.Empty(await Client.LRangeAsync(Key("missing")));
    }

    [Fact]
    public async Task AppendAndTrimKeepsABoundedHistory()
    {
        for (var turn = 1; turn <= 25; turn++)
        {
            await Client.RPushAsync(Key("history"), $"turn {turn}");
            await Client.LTrimAsync(Key("history"), -10, -1);
        }

        var history = Texts(await Client.LRangeAsync(Key("history")));
        Assert.Equal(Enumerable.Range(16, 10).Select(t => $"turn {t}"), history);
        Assert.Equal(10, await Client.LLenAsync(Key("history")));
    }

    [Fact]
    public async Task ListElementsAreBinarySafe()
    {
        var frame = Enumerable.Range(0, 640).Select(i => (byte)(i * 7)).ToArray();

        await Client.RPushAsync(Key("audio"), [frame, new byte[0], "text"]);

        var elements = await Client.LRangeAsync(Key("audio"));
        Assert.Equal(frame, elements[0].Span.ToArray());
        Assert.False(elements[1].IsNull);
        Assert.Equal(0, elements[1].Length);
        Assert.Equal("text", elements[2].ToString());
    }

    [Fact]
    public async Task LLenOfAMissingKeyIsZero()
    {
        Assert.Equal(0, await Client.LLenAsync(Key("missing")));
    }

    private static string[] Texts(RedisValue[] values) => [.. values.Select(v => v.ToString() ?? "(nil)")];
}
