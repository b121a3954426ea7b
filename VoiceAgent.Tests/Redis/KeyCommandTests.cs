using VoiceAgent.Tests.Redis.Infrastructure;

namespace VoiceAgent.Tests.Redis;

public sealed class KeyCommandTests(RedisServerFixture redis) : RedisClientTest(redis)
{
    [Fact]
    public async Task DelSaysWhetherTheKeyExisted()
    {
        await Client.SetAsync(Key("a"), "1");

        Assert.True(await Client.DelAsync(Key("a")));
        Assert.False(await Client.DelAsync(Key("a")));
        Assert.Null(await Client.GetStringAsync(Key("a")));
    }

    [Fact]
    public async Task DelOfSeveralKeysCountsThoseThatExisted()
    {
        await Client.SetAsync(Key("a"), "1");
        await Client.SetAsync(Key("b"), "2");

        Assert.Equal(2, await Client.DelAsync([Key("a"), Key("b"), Key("c")]));
    }

    [Fact]
    public async Task ExistsCountsExistingKeys()
    {
        await Client.SetAsync(Key("a"), "1");

        Assert.True(await Client.ExistsAsync(Key("a")));
        Assert.False(await Client.ExistsAsync(Key("b")));
        Assert.Equal(2, await Client.ExistsAsync([Key("a"), Key("b"), Key("a")]));
    }

    [Fact]
    public async Task PTtlTellsMissingFromPersistentFromExpiring()
    {
        await Client.SetAsync(Key("persistent"), "1");
        await Client.SetAsync(Key("expiring"), "1");

        Assert.Null(await Client.PTtlAsync(Key("missing")));
        Assert.Equal(Timeout.InfiniteTimeSpan, await Client.PTtlAsync(Key("persistent")));

        Assert.True(await Client.ExpireAsync(Key("expiring"), TimeSpan.FromSeconds(60)));
        Assert.InRange((await Client.PTtlAsync(Key("expiring")))!.Value.TotalSeconds, 50, 60);

        Assert.True(await Client.PExpireAsync(Key("expiring"), TimeSpan.FromMilliseconds(90_250)));
        Assert.InRange((await Client.PTtlAsync(Key("expiring")))!.Value.TotalMilliseconds, 80_000, 90_250);
    }

    [Fact]
    public async Task ExpiringAMissingKeyReturnsFalse()
    {
        Assert.False(await Client.ExpireAsync(Key("missing"), TimeSpan.FromSeconds(5)));
        Assert.False(await Client.PExpireAsync(Key("missing"), TimeSpan.FromMilliseconds(5)));
    }

    [Fact]
    public async Task KeysReallyExpire()
    {
        await Client.SetAsync(Key("short"), "v", TimeSpan.FromMilliseconds(150));
        await Client.RPushAsync(Key("list"), "v");
        await Client.PExpireAsync(Key("list"), TimeSpan.FromMilliseconds(150));

        await Eventually.TrueAsync(
            async () => !await Client.ExistsAsync(Key("short")) && !await Client.ExistsAsync(Key("list")),
            TestTimeouts.Default,
            "both keys have expired");
        Assert.Null(await Client.GetStringAsync(Key("short")));
    }

    [Fact]
    public async Task ExpireRefusesFractionsOfASecond()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Client.ExpireAsync(Key("a"), TimeSpan.FromMilliseconds(1500)));
    }
}
