using Microsoft.Extensions.Logging;
using VoiceAgent.RocketMQ;

namespace VoiceAgent.LoadTest.Broker;

/// <summary>One scenario's broker process and the client connected to it.</summary>
internal sealed class BrokerRun : IAsyncDisposable
{
    private readonly ILoggerFactory _loggers;

    private BrokerRun(BrokerProcess broker, RocketMQClient client, ILoggerFactory loggers)
    {
        Broker = broker;
        Client = client;
        _loggers = loggers;
    }

    public BrokerProcess Broker { get; }

    public RocketMQClient Client { get; }

    public static async Task<BrokerRun> StartAsync(
        BenchSettings settings,
        IReadOnlyList<string> topics,
        IReadOnlyList<string> groups,
        IReadOnlyDictionary<string, string> brokerSettings,
        CancellationToken cancellationToken)
    {
        var launch = new BrokerLaunch(settings.BrokerDll, topics, groups, brokerSettings, settings.BrokerLogLevel, settings.BrokerLogFile);
        var broker = await BrokerProcess.StartAsync(launch, cancellationToken).ConfigureAwait(false);

        // The client's warnings (failed sends, lost streams) go to stderr, away from the result lines.
        var loggers = LoggerFactory.Create(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
        var client = new RocketMQClient(new RocketMQClientOptions { Endpoints = broker.Endpoint }, loggers);
        return new BrokerRun(broker, client, loggers);
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync().ConfigureAwait(false);
        await Broker.DisposeAsync().ConfigureAwait(false);
        _loggers.Dispose();
    }
}
