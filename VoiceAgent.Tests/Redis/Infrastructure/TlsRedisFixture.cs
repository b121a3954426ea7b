namespace VoiceAgent.Tests.Redis.Infrastructure;

/// <summary>A redis-server that accepts TLS connections only, with certificates from a throw-away authority.</summary>
public sealed class TlsRedisFixture : IAsyncLifetime
{
    public RedisTls Tls { get; } = RedisTls.Create();

    public RedisServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await RedisServer.StartAsync(Tls);

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Tls.Dispose();
    }
}
