using VoiceAgent.Redis;
using VoiceAgent.Tests.Redis.Infrastructure;

namespace VoiceAgent.Tests.Redis;

public sealed class AuthenticationTests(PasswordProtectedRedisFixture redis) : IClassFixture<PasswordProtectedRedisFixture>
{
    [Fact]
    public async Task TheRightPasswordConnects()
    {
        await using var client = await RedisClient.ConnectAsync(TestTimeouts.Relaxed($"{redis.Server.ConnectionString},password={PasswordProtectedRedisFixture.Password}"))
            .WaitAsync(TestTimeouts.Default);

        Assert.Equal("default", (await client.ExecuteAsync("ACL", "WHOAMI")).AsString());
    }

    [Fact]
    public async Task AnAclUserConnectsWithItsOwnPassword()
    {
        await using var client = await RedisClient.ConnectAsync(
            TestTimeouts.Relaxed($"{redis.Server.ConnectionString},user=alice,password={PasswordProtectedRedisFixture.AlicePassword}")).WaitAsync(TestTimeouts.Default);

        Assert.Equal("alice", (await client.ExecuteAsync("ACL", "WHOAMI")).AsString());
    }

    [Fact]
    public async Task AWrongPasswordIsAClearAuthenticationErrorThatDoesNotLeakThePassword()
    {
        var error = await Assert.ThrowsAsync<RedisAuthenticationException>(
            () => RedisClient.ConnectAsync(TestTimeouts.Relaxed($"{redis.Server.ConnectionString},password=wrong-guess"))).WaitAsync(TestTimeouts.Default);

        Assert.Contains($"Redis at 127.0.0.1:{redis.Server.Port} refused the credentials", error.Message);
        Assert.Contains("WRONGPASS", error.Message);
        Assert.DoesNotContain("wrong-guess", error.ToString());
    }

    [Fact]
    public async Task AWrongUserPasswordNamesTheUser()
    {
        var error = await Assert.ThrowsAsync<RedisAuthenticationException>(
            () => RedisClient.ConnectAsync(TestTimeouts.Relaxed($"{redis.Server.ConnectionString},user=alice,password=nope"))).WaitAsync(TestTimeouts.Default);

        Assert.Contains("refused the credentials for user 'alice'", error.Message);
    }

    [Fact]
    public async Task AMissingPasswordSaysThatTheServerRequiresOne()
    {
        var error = await Assert.ThrowsAsync<RedisAuthenticationException>(
            () => RedisClient.ConnectAsync(TestTimeouts.Relaxed(redis.Server.ConnectionString))).WaitAsync(TestTimeouts.Default);

        Assert.Contains("requires authentication: put password=", error.Message);
        Assert.Contains("NOAUTH", error.Message);
    }

    [Fact]
    public async Task CommandsOfAClientWithAWrongPasswordFailFastInsteadOfTimingOut()
    {
        var options = RedisOptions.Parse($"{redis.Server.ConnectionString},password=wrong-guess,syncTimeout=60000");
        await using var client = new RedisClient(options);

        var error = await Assert.ThrowsAsync<RedisAuthenticationException>(() => client.GetAsync("k")).WaitAsync(TestTimeouts.Default);

        Assert.StartsWith("GET was not sent: Redis at", error.Message);
        Assert.False(error.CommandMayHaveExecuted);
    }
}
