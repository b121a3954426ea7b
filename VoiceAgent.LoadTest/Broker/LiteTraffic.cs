using System.Diagnostics;
using System.Globalization;
using VoiceAgent.LoadTest.Measurement;
using VoiceAgent.RocketMQ;

namespace VoiceAgent.LoadTest.Broker;

/// <summary>
/// The downlink's traffic: one LITE parent topic with <c>liteTopics</c> lite topics (one per session), split
/// evenly over lite push consumers of one exclusive lite group (as the gateway declares it), messages sent
/// round-robin over the lite topics.
/// </summary>
internal sealed class LiteTraffic(int liteTopics, int consumers, int consumptionConcurrency) : TrafficShape
{
    private const int SubscribeParallelism = 32;

    private readonly string[] _liteTopicNames = [.. Enumerable.Range(0, liteTopics).Select(i => "session-" + i.ToString("D6", CultureInfo.InvariantCulture))];
    private readonly List<LitePushConsumer> _consumers = [];

    public override string Topic => "bench-lite";

    public override string Group => "bench-lite-consumers";

    public override IReadOnlyList<string> TopicDeclarations => [$"{Topic}:LITE:expiration=10m"];

    /// <summary>The quota per client is raised through the group declaration so that each consumer holds its share.</summary>
    public override IReadOnlyList<string> GroupDeclarations => [$"{Group}:lite-bind={Topic}:exclusive:lite-quota={PerConsumer + 100}"];

    public override IReadOnlyDictionary<string, string> BrokerSettings => new Dictionary<string, string>
    {
        ["MaxLiteTopics"] = Math.Max(20_000, liteTopics * 2).ToString(CultureInfo.InvariantCulture),
        ["MaxLiteSubscriptions"] = Math.Max(100_000, liteTopics * 2).ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>How long subscribing every lite topic took.</summary>
    public TimeSpan SubscribeTime { get; private set; }

    private int PerConsumer => (liteTopics + consumers - 1) / consumers;

    public override async Task StartConsumersAsync(RocketMQClient client, MessageHandler handler, CancellationToken cancellationToken)
    {
        for (var i = 0; i < consumers; i++)
        {
            _consumers.Add(await client.CreateLitePushConsumerAsync(
                new LitePushConsumerOptions { ConsumerGroup = Group, BindTopic = Topic, ConsumptionConcurrency = consumptionConcurrency },
                handler,
                cancellationToken).ConfigureAwait(false));
        }

        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, liteTopics),
            new ParallelOptions { MaxDegreeOfParallelism = SubscribeParallelism, CancellationToken = cancellationToken },
            async (i, token) => await _consumers[i % consumers].SubscribeLiteAsync(_liteTopicNames[i], cancellationToken: token).ConfigureAwait(false)).ConfigureAwait(false);
        SubscribeTime = Stopwatch.GetElapsedTime(started);
    }

    public override Message CreateMessage(long sequence, ReadOnlyMemory<byte> body) =>
        Message.CreateBuilder().SetTopic(Topic).SetLiteTopic(_liteTopicNames[sequence % _liteTopicNames.Length]).SetBody(body).Build();

    public override void Describe(ResultLine line) =>
        line.Add("lite_topics", liteTopics)
            .Add("consumers", consumers)
            .Add("consume_concurrency", consumptionConcurrency)
            .Add("subscribed_per_s", liteTopics / Math.Max(SubscribeTime.TotalSeconds, 1e-3), "F0");

    public override async ValueTask DisposeAsync()
    {
        foreach (var consumer in _consumers)
        {
            await consumer.DisposeAsync().ConfigureAwait(false);
        }
    }
}
