namespace VoiceAgent.Tests.Redis.Infrastructure;

/// <summary>One redis-server for the tests of a class (each class gets its own, so classes run in parallel).</summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    private RedisServer? _server;

    public RedisServer Server => _server ?? throw new InvalidOperationException("The Redis server has not started.");

    public string ConnectionString => Server.ConnectionString;

    public async Task InitializeAsync() => _server = await RedisServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
