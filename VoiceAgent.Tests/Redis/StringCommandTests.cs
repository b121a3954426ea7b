using System.Text;
using VoiceAgent.Redis;
using VoiceAgent.Tests.Redis.Infrastructure;

namespace VoiceAgent.Tests.Redis;

public sealed class StringCommandTests(RedisServerFixture redis) : RedisClientTest(redis)
{
    [Fact]
    public async Task SetThenGetReturnsTheValue()
    {
        Assert.True(await Client.SetAsync(Key("a"), "héllo"));

        Assert.Equal("héllo", await Client.GetStringAsync(Key("a")));
        var value = await Client.GetAsync(Key("a"));
        Assert.Equal("héllo"u8.ToArray(), value.Span.ToArray());
        Assert.Equal("héllo", value.ToString());
    }

    [Fact]
    public async Task AMissingKeyIsNil()
    {
        Assert.Null(await Client.GetStringAsync(Key("missing")));
        Assert.True((await Client.GetAsync(Key("missing"))).IsNull);
    }

    [Fact]
    public async Task AnEmptyValueIsNotNil()
    {
        await Client.SetAsync(Key("empty"), string.Empty);

        var value = await Client.GetAsync(Key("empty"));
        Assert.False(value.IsNull);
        Assert.Equal(0, value.Length);
        Assert.Equal(string.Empty, await Client.GetStringAsync(Key("empty")));
    }

    [Fact]
    public async Task ValuesAreBinarySafe()
    {
        var everyByte = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var resp = "\r\n$5\r\n*1\r\n-ERR\r\n:1\r\n"u8.ToArray();
        var large = new byte[3 * 1024 * 1024];
        Random.Shared.NextBytes(large);

        await Client.SetAsync(Key("every"), everyByte);
        await Client.SetAsync(Key("resp"), resp);
        await Client.SetAsync(Key("large"), new ReadOnlyMemory<byte>(large));

        Assert.Equal(everyByte, (await Client.GetAsync(Key("every"))).Span.ToArray());
        Assert.Equal(resp, (await Client.GetAsync(Key("resp"))).Span.ToArray());
        var readBack = await Client.GetAsync(Key("large"));
        Assert.True(large.AsSpan().SequenceEqual(readBack.Span));
    }

    [Fact]
    public async Task KeysAndTextAreUtf8()
    {
        var key = Key("ключ-🔑");
        var text = "语音 agent ✓ " + new string('é', 10_000);

        await Client.SetAsync(key, text);

        Assert.Equal(text, await Client.GetStringAsync(key));
        Assert.Equal(Encoding.UTF8.GetByteCount(text), (await Client.ExecuteAsync("STRLEN", key)).AsInt64());
    }

    [Fact]
    public async Task SetIfNotExistsIsALease()
    {
        var lease = Key("lease");

        Assert.True(await Client.SetAsync(lease, "processor-a", TimeSpan.FromSeconds(30), SetCondition.IfNotExists));
        Assert.False(await Client.SetAsync(lease, "processor-b", TimeSpan.FromSeconds(30), SetCondition.IfNotExists));

        Assert.Equal("processor-a", await Client.GetStringAsync(lease));
    }

    [Fact]
    public async Task SetIfExistsOnlyOverwrites()
    {
        Assert.False(await Client.SetAsync(Key("x"), "1", when: SetCondition.IfExists));
        Assert.Null(await Client.GetStringAsync(Key("x")));

        await Client.SetAsync(Key("x"), "1");
        Assert.True(await Client.SetAsync(Key("x"), "2", when: SetCondition.IfExists));
        Assert.Equal("2", await Client.GetStringAsync(Key("x")));
    }

    [Fact]
    public async Task SetWithWholeSecondsUsesExAndWithMillisecondsUsesPx()
    {
        await Client.SetAsync(Key("ex"), "v", TimeSpan.FromSeconds(100));
        await Client.SetAsync(Key("px"), "v", TimeSpan.FromMilliseconds(100_500));

        var ex = await Client.PTtlAsync(Key("ex"));
        var px = await Client.PTtlAsync(Key("px"));
        Assert.InRange(ex!.Value.TotalMilliseconds, 90_000, 100_000);
        Assert.InRange(px!.Value.TotalMilliseconds, 90_500, 100_500);
    }

    [Fact]
    public async Task SetAndGetReturnsThePreviousValue()
    {
        Assert.True((await Client.SetAndGetAsync(Key("v"), "first")).IsNull);
        Assert.Equal("first", (await Client.SetAndGetAsync(Key("v"), "second")).ToString());
        Assert.Equal("second", await Client.GetStringAsync(Key("v")));

        // NX with GET (Redis 7): the existing value comes back and stays.
        Assert.Equal("second", (await Client.SetAndGetAsync(Key("v"), "third", when: SetCondition.IfNotExists)).ToString());
        Assert.Equal("second", await Client.GetStringAsync(Key("v")));
    }

    [Fact]
    public async Task IncrementsReturnTheNewValue()
    {
        Assert.Equal(1, await Client.IncrAsync(Key("n")));
        Assert.Equal(2, await Client.IncrAsync(Key("n")));
        Assert.Equal(12, await Client.IncrByAsync(Key("n"), 10));
        Assert.Equal(-3, await Client.IncrByAsync(Key("n"), -15));

        Assert.True((await Client.GetAsync(Key("n"))).TryGetInt64(out var stored));
        Assert.Equal(-3, stored);
    }

    [Fact]
    public async Task AnErrorReplyFailsOnlyThatCommandWithItsCode()
    {
        await Client.SetAsync(Key("text"), "not a number");

        var error = await Assert.ThrowsAsync<RedisServerException>(() => Client.IncrAsync(Key("text")));

        Assert.Equal("ERR", error.ErrorCode);
        Assert.Contains("not an integer", error.Message);
        Assert.Equal("not a number", await Client.GetStringAsync(Key("text")));
    }

    [Fact]
    public async Task UsingAKeyOfAnotherTypeIsWrongType()
    {
        await Client.RPushAsync(Key("list"), "a");

        var error = await Assert.ThrowsAsync<RedisServerException>(() => Client.GetAsync(Key("list")));

        Assert.Equal("WRONGTYPE", error.ErrorCode);
    }

    [Fact]
    public async Task InvalidExpirationsAreRefusedBeforeSending()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Client.SetAsync(Key("x"), "v", TimeSpan.Zero));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Client.SetAsync(Key("x"), "v", TimeSpan.FromTicks(15_000)));
    }
}
