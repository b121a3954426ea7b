using VoiceAgent.Redis;
using VoiceAgent.Tests.Redis.Infrastructure;

namespace VoiceAgent.Tests.Redis;

public sealed class TlsTests(TlsRedisFixture redis) : IClassFixture<TlsRedisFixture>
{
    [Fact]
    public async Task SslTrueTalksTlsToTheServer()
    {
        var options = RedisOptions.Parse(TestTimeouts.Relaxed($"127.0.0.1:{redis.Server.Port},ssl=true,sslHost=localhost,checkCertificateRevocation=false"));
        options.RemoteCertificateValidation = redis.Tls.Validate;
        await using var client = await RedisClient.ConnectAsync(options).WaitAsync(TestTimeouts.Default);
        var key = $"tls:{Guid.NewGuid():N}";

        await client.SetAsync(key, "secret over TLS");

        Assert.Equal("secret over TLS", await client.GetStringAsync(key));
    }

    [Fact]
    public async Task AnUntrustedServerCertificateIsAClearErrorThatFailsFast()
    {
        var options = RedisOptions.Parse($"127.0.0.1:{redis.Server.Port},ssl=true,sslHost=localhost,syncTimeout=60000");

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => RedisClient.ConnectAsync(options)).WaitAsync(TestTimeouts.Default);

        Assert.Contains($"TLS with Redis at 127.0.0.1:{redis.Server.Port} failed", error.Message);
    }
}
