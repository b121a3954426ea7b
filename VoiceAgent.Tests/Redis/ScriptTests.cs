using VoiceAgent.Redis;
using VoiceAgent.Tests.Redis.Infrastructure;

namespace VoiceAgent.Tests.Redis;

public sealed class ScriptTests(RedisServerFixture redis) : RedisClientTest(redis)
{
    // Releases a lease only when the caller still holds it: the compare-and-delete a stateless processor needs.
    private static readonly RedisScript ReleaseLease = new("""
        if redis.call('GET', KEYS[1]) == ARGV[1] then
            return redis.call('DEL', KEYS[1])
        end
        return 0
        """);

    // Appends to a history list and trims it in one atomic step; returns the new length.
    private static readonly RedisScript AppendBounded = new("""
        redis.call('RPUSH', KEYS[1], ARGV[1])
        redis.call('LTRIM', KEYS[1], -tonumber(ARGV[2]), -1)
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        return redis.call('LLEN', KEYS[1])
        """);

    [Fact]
    public async Task EvalReturnsEveryReplyType()
    {
        var reply = await Client.EvalAsync(
            "return {1, 'two', {3, false}, redis.status_reply('FINE'), redis.error_reply('MYERR broken')}");

        Assert.Equal(RedisReplyKind.Array, reply.Kind);
        Assert.Equal(1, reply.Elements[0].AsInt64());
        Assert.Equal("two", reply.Elements[1].AsString());
        Assert.Equal(3, reply.Elements[2].Elements[0].AsInt64());
        Assert.True(reply.Elements[2].Elements[1].IsNull);
        Assert.Equal("FINE", reply.Elements[3].AsString());
        Assert.Equal("MYERR broken", reply.Elements[4].ErrorMessage);
    }

    [Fact]
    public async Task ScriptsReceiveKeysAndArguments()
    {
        var reply = await Client.EvalAsync("return {KEYS[1], ARGV[1], ARGV[2]}", [Key("k")], ["a", 42]);

        Assert.Equal([Key("k"), "a", "42"], reply.Elements.Select(e => e.AsString()));
    }

    [Fact]
    public async Task AScriptErrorIsAServerException()
    {
        var error = await Assert.ThrowsAsync<RedisServerException>(() => Client.EvalAsync("return redis.call('NOSUCHCOMMAND')"));

        Assert.Contains("Unknown Redis command", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ScriptLoadReturnsTheShaTheScriptComputed()
    {
        Assert.Equal(ReleaseLease.Sha1, await Client.ScriptLoadAsync(ReleaseLease.Source));
        Assert.Equal("e0e1f9fabfc9d4800c877a703b823ac0578ff8db", new RedisScript("return 1").Sha1);
    }

    [Fact]
    public async Task EvalShaOfAnUnknownScriptIsNoScript()
    {
        var error = await Assert.ThrowsAsync<RedisServerException>(
            () => Client.EvalShaAsync(new RedisScript($"return '{Guid.NewGuid()}'").Sha1));

        Assert.Equal("NOSCRIPT", error.ErrorCode);
    }

    [Fact]
    public async Task ARedisScriptIsLoadedOnNoScriptAndRunsOnce()
    {
        var counter = Key("counter");
        var script = new RedisScript($"-- {Guid.NewGuid()}\nreturn redis.call('INCR', KEYS[1])");

        Assert.Equal(1, (await Client.EvalAsync(script, [counter])).AsInt64());
        Assert.Equal(2, (await Client.EvalAsync(script, [counter])).AsInt64());

        await Client.ExecuteAsync("SCRIPT", "FLUSH");
        Assert.Equal(3, (await Client.EvalAsync(script, [counter])).AsInt64());
        Assert.Equal("3", await Client.GetStringAsync(counter));
    }

    [Fact]
    public async Task ALeaseIsReleasedOnlyByItsHolder()
    {
        var lease = Key("lease");
        await Client.SetAsync(lease, "processor-a", TimeSpan.FromSeconds(30), SetCondition.IfNotExists);

        Assert.Equal(0, (await Client.EvalAsync(ReleaseLease, [lease], ["processor-b"])).AsInt64());
        Assert.Equal("processor-a", await Client.GetStringAsync(lease));

        Assert.Equal(1, (await Client.EvalAsync(ReleaseLease, [lease], ["processor-a"])).AsInt64());
        Assert.False(await Client.ExistsAsync(lease));
    }

    [Fact]
    public async Task ABoundedAppendIsAtomicUnderConcurrency()
    {
        var history = Key("history");

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            Client.EvalAsync(AppendBounded, [history], [$"event {i}", 50, 60_000])));

        Assert.Equal(50, await Client.LLenAsync(history));
        var ttl = await Client.PTtlAsync(history);
        Assert.InRange(ttl!.Value.TotalSeconds, 30, 60);
    }
}
