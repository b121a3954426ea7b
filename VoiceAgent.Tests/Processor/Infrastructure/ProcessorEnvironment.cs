using VoiceAgent.Broker;
using VoiceAgent.Tests.Mocks;
using VoiceAgent.Tests.Redis.Infrastructure;

namespace VoiceAgent.Tests.Processor.Infrastructure;

/// <summary>
/// What a processor needs, real and in this process (Redis as a real redis-server): a broker with the voice
/// link's topics, Redis, and the mock models. One per test class; tests keep apart by using their own sessions.
/// </summary>
public sealed class ProcessorEnvironment : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _owned = [];

    public EmbeddedBroker Broker { get; private set; } = null!;

    public RedisServer Redis { get; private set; } = null!;

    public MockModelsServer Mocks { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var broker = VoiceLinkBroker.StartAsync();
        var redis = RedisServer.StartAsync();
        var mocks = MockModelsServer.StartAsync();
        Broker = await broker;
        Redis = await redis;
        Mocks = await mocks;
    }

    /// <summary>
    /// The settings of a processor using this environment (Redis unless <paramref name="withRedis"/> is false, the
    /// given mock server or this environment's), with short lease and reaper periods, then <paramref name="extra"/>.
    /// </summary>
    public Dictionary<string, string?> Settings(IReadOnlyDictionary<string, string?>? extra = null, bool withRedis = true, MockModelsServer? mocks = null)
    {
        var baseUrl = (mocks ?? Mocks).BaseAddress.ToString().TrimEnd('/');
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:rocketmq"] = Broker.ConnectionString,
            ["ConnectionStrings:redis"] = withRedis ? TestTimeouts.Relaxed(Redis.ConnectionString) : null,
            ["VoiceAgent:Providers:Asr:BaseUrl"] = baseUrl,
            ["VoiceAgent:Providers:Llm:BaseUrl"] = baseUrl,
            ["VoiceAgent:Providers:Tts:BaseUrl"] = baseUrl,
            ["VoiceAgent:Processor:LeaseDuration"] = "00:00:02",
            ["VoiceAgent:Processor:LeaseRenewInterval"] = "00:00:00.500",
            ["VoiceAgent:Processor:ReaperInterval"] = "00:00:00.250",
            ["VoiceAgent:Processor:RedisKeyPrefix"] = $"va{Guid.NewGuid():N}:"[..12],
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>Starts a processor; it is stopped with the environment unless the test stops it first.</summary>
    public async Task<ProcessorHost> StartProcessorAsync(IReadOnlyDictionary<string, string?>? extra = null, bool withRedis = true, MockModelsServer? mocks = null)
    {
        var host = await ProcessorHost.StartAsync(Settings(extra, withRedis, mocks));
        Own(host);
        return host;
    }

    public async Task<TestGateway> StartGatewayAsync()
    {
        var gateway = await TestGateway.StartAsync(Broker.ConnectionString);
        Own(gateway);
        return gateway;
    }

    public async Task<MockModelsServer> StartMocksAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var mocks = await MockModelsServer.StartAsync(settings);
        Own(mocks);
        return mocks;
    }

    public void Own(IAsyncDisposable disposable)
    {
        lock (_owned)
        {
            _owned.Add(disposable);
        }
    }

    public async Task DisposeAsync()
    {
        IAsyncDisposable[] owned;
        lock (_owned)
        {
            owned = [.. _owned];
            _owned.Clear();
        }

        // Processors and gateways first (newest first), then what they use.
        foreach (var disposable in owned.Reverse())
        {
            await disposable.DisposeAsync();
        }

        await Mocks.DisposeAsync();
        await Redis.DisposeAsync();
        await Broker.DisposeAsync();
    }
}
