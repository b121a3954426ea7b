using System.Globalization;
using VoiceAgent.LoadTest.Measurement;
using VoiceAgent.RocketMQ;

namespace VoiceAgent.LoadTest.Broker;

/// <summary>
/// The uplink's traffic: one FIFO topic, messages spread round-robin over <c>groups</c> message groups,
/// consumed in order per message group by push consumers of one FIFO consumer group.
/// </summary>
internal sealed class FifoTraffic(int messageGroups, int consumers, int consumptionConcurrency) : TrafficShape
{
    private readonly string[] _groupNames = [.. Enumerable.Range(0, messageGroups).Select(i => "session-" + i.ToString("D5", CultureInfo.InvariantCulture))];
    private readonly List<PushConsumer> _consumers = [];

    public override string Topic => "bench-fifo";

    public override string Group => "bench-fifo-consumers";

    public override IReadOnlyList<string> TopicDeclarations => [$"{Topic}:FIFO"];

    public override IReadOnlyList<string> GroupDeclarations => [$"{Group}:FIFO"];

    public override async Task StartConsumersAsync(RocketMQClient client, MessageHandler handler, CancellationToken cancellationToken)
    {
        for (var i = 0; i < consumers; i++)
        {
            _consumers.Add(await client.CreatePushConsumerAsync(
                new PushConsumerOptions
                {
                    ConsumerGroup = Group,
                    Subscriptions = { [Topic] = FilterExpression.All },
                    ConsumptionConcurrency = consumptionConcurrency,
                },
                handler,
                cancellationToken).ConfigureAwait(false));
        }
    }

    public override Message CreateMessage(long sequence, ReadOnlyMemory<byte> body) =>
        Message.CreateBuilder().SetTopic(Topic).SetMessageGroup(_groupNames[sequence % _groupNames.Length]).SetBody(body).Build();

    public override void Describe(ResultLine line) =>
        line.Add("message_groups", messageGroups).Add("consumers", consumers).Add("consume_concurrency", consumptionConcurrency);

    public override async ValueTask DisposeAsync()
    {
        foreach (var consumer in _consumers)
        {
            await consumer.DisposeAsync().ConfigureAwait(false);
        }
    }
}
