using VoiceAgent.Redis;

namespace VoiceAgent.Tests.Redis.Infrastructure;

/// <summary>A test class with a connected client per test and keys no other test uses.</summary>
public abstract class RedisClientTest(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private readonly string _prefix = $"test:{Guid.NewGuid():N}:";
    private RedisClient? _client;

    protected RedisServerFixture Redis { get; } = redis;

    /// <summary>
    /// The connection string of <see cref="Client"/>, with a generous command timeout (tests about timeouts set their own).
    /// </summary>
    protected virtual string ConnectionString => TestTimeouts.Relaxed(Redis.ConnectionString);

    protected RedisClient Client => _client ?? throw new InvalidOperationException("Not connected.");

    public async Task InitializeAsync() =>
        _client = await RedisClient.ConnectAsync(ConnectionString).WaitAsync(TestTimeouts.Default);

    public async Task DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }
    }

    protected string Key(string name) => _prefix + name;
}
