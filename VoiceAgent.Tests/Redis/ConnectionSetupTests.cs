using VoiceAgent.Redis;
using VoiceAgent.Tests.Redis.Infrastructure;

namespace VoiceAgent.Tests.Redis;

public sealed class ConnectionSetupTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task TheDefaultDatabaseIsSelectedAndTheClientNamed()
    {
        var key = $"db-test:{Guid.NewGuid():N}";
        await using var db3 = await RedisClient.ConnectAsync(TestTimeouts.Relaxed($"{redis.ConnectionString},defaultDatabase=3,name=processor-7"))
            .WaitAsync(TestTimeouts.Default);
        await using var db0 = await RedisClient.ConnectAsync(TestTimeouts.Relaxed(redis.ConnectionString)).WaitAsync(TestTimeouts.Default);

        await db3.SetAsync(key, "in 3");

        Assert.Null(await db0.GetStringAsync(key));
        Assert.Equal("in 3", await db3.GetStringAsync(key));
        var info = (await db3.ExecuteAsync("CLIENT", "INFO")).AsString();
        Assert.Contains(" name=processor-7 ", info);
        Assert.Contains(" db=3 ", info);
    }

    [Fact]
    public async Task LocalhostWorksAsAspireWritesIt()
    {
        // localhost resolves to ::1 first on many machines, while this server listens on 127.0.0.1 only.
        await using var client = await RedisClient.ConnectAsync(TestTimeouts.Relaxed($"localhost:{redis.Server.Port}")).WaitAsync(TestTimeouts.Default);

        Assert.Equal("localhost:" + redis.Server.Port, client.EndPoint);
        Assert.Equal("PONG", (await client.ExecuteAsync("PING")).AsString());
    }

    [Fact]
    public async Task ADatabaseTheServerDoesNotHaveIsAClearError()
    {
        var error = await Assert.ThrowsAsync<RedisConnectionException>(
            () => RedisClient.ConnectAsync(TestTimeouts.Relaxed($"{redis.ConnectionString},defaultDatabase=999"))).WaitAsync(TestTimeouts.Default);

        Assert.Contains("rejected SELECT while the connection was being set up", error.Message);
    }
}
