using System.Diagnostics;
using System.Globalization;
using VoiceAgent.LoadTest.Measurement;
using VoiceAgent.LoadTest.Probes;
using VoiceAgent.RocketMQ;

namespace VoiceAgent.LoadTest.Broker;

/// <summary>
/// Broker memory per idle lite topic and per lite subscription. One lite push consumer subscribes K lite
/// topics and receives one message on each; after it unsubscribes them all, the broker holds K idle lite
/// topics (each with its consumed message until expiry or retention); then it subscribes them again. Each
/// step is measured as the live GC heap after forced full collections in the broker (through the GC probe),
/// with RSS beside it; the deltas divided by K are the figures.
/// </summary>
internal sealed class MemoryScenario(BenchSettings settings, int liteTopics)
{
    private const string Topic = "bench-memory";
    private const string Group = "bench-memory-consumers";
    private const int WarmUpTopics = 200;
    private const int Parallelism = 32;
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(3);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var brokerSettings = new Dictionary<string, string>
        {
            ["MaxLiteTopics"] = Math.Max(20_000, (liteTopics + WarmUpTopics) * 2).ToString(CultureInfo.InvariantCulture),
            ["MaxLiteSubscriptions"] = Math.Max(100_000, (liteTopics + WarmUpTopics) * 2).ToString(CultureInfo.InvariantCulture),
        };
        await using var run = await BrokerRun.StartAsync(
            settings,
            [$"{Topic}:LITE"],
            [$"{Group}:lite-bind={Topic}:lite-quota={liteTopics + WarmUpTopics + 100}"],
            brokerSettings,
            cancellationToken).ConfigureAwait(false);
        var tracker = new DeliveryTracker();
        await using var consumer = await run.Client.CreateLitePushConsumerAsync(
            new LitePushConsumerOptions { ConsumerGroup = Group, BindTopic = Topic }, tracker.HandleAsync, cancellationToken).ConfigureAwait(false);
        await using var producer = await run.Client.CreateProducerAsync(new ProducerOptions { Topics = [Topic] }, cancellationToken).ConfigureAwait(false);
        var steps = new Steps(run.Broker, consumer, producer, tracker, settings.BodySize, cancellationToken);

        // The same path once on a few topics first, so that code, pools and caches exist before the baseline.
        var warm = Names("warm-", WarmUpTopics);
        await steps.CreateAsync(warm, 0).ConfigureAwait(false);
        await steps.UnsubscribeAsync(warm).ConfigureAwait(false);
        var baseline = await steps.SnapshotAsync().ConfigureAwait(false);

        var names = Names("idle-", liteTopics);
        var created = Stopwatch.GetTimestamp();
        await steps.CreateAsync(names, WarmUpTopics).ConfigureAwait(false);
        var createSeconds = Stopwatch.GetElapsedTime(created).TotalSeconds;
        await steps.UnsubscribeAsync(names).ConfigureAwait(false);
        var idle = await steps.SnapshotAsync().ConfigureAwait(false);
        var stored = await run.Broker.Admin.TopicAsync(Topic, cancellationToken).ConfigureAwait(false);

        var subscribed = Stopwatch.GetTimestamp();
        await steps.SubscribeAsync(names).ConfigureAwait(false);
        var subscribeSeconds = Stopwatch.GetElapsedTime(subscribed).TotalSeconds;
        var withSubscriptions = await steps.SnapshotAsync().ConfigureAwait(false);
        await steps.UnsubscribeAsync(names).ConfigureAwait(false);
        var afterUnsubscribe = await steps.SnapshotAsync().ConfigureAwait(false);

        double PerItem(long after, long before) => (after - before) / (double)liteTopics;
        new ResultLine("broker-memory")
            .Add("lite_topics", liteTopics)
            .Add("idle_topic_heap_bytes", PerItem(idle.Gc.LiveBytes, baseline.Gc.LiveBytes), "F0")
            .Add("subscription_heap_bytes", PerItem(withSubscriptions.Gc.LiveBytes, idle.Gc.LiveBytes), "F0")
            .Add("unsubscribed_leftover_heap_bytes", PerItem(afterUnsubscribe.Gc.LiveBytes, idle.Gc.LiveBytes), "F0")
            .Add("idle_topic_rss_bytes", PerItem(idle.Resident, baseline.Resident), "F0")
            .Add("subscription_rss_bytes", PerItem(withSubscriptions.Resident, idle.Resident), "F0")
            .Add("baseline_heap_mb", baseline.Gc.LiveBytes / (1024.0 * 1024), "F1")
            .Add("idle_heap_mb", idle.Gc.LiveBytes / (1024.0 * 1024), "F1")
            .Add("subscribed_heap_mb", withSubscriptions.Gc.LiveBytes / (1024.0 * 1024), "F1")
            .Add("baseline_rss_mb", baseline.Resident / (1024.0 * 1024), "F1")
            .Add("subscribed_rss_mb", withSubscriptions.Resident / (1024.0 * 1024), "F1")
            .Add("idle_lite_topics", stored.LiteTopics)
            .Add("stored_messages", stored.Messages)
            .Add("stored_message_bytes", stored.Bytes)
            .Add("created_and_consumed_per_s", liteTopics / createSeconds, "F0")
            .Add("subscribed_per_s", liteTopics / subscribeSeconds, "F0")
            .Add("redelivered", tracker.Redelivered)
            .Add("body_bytes", settings.BodySize)
            .Add("loadavg", ProcessStats.LoadAverage(), "F2")
            .Print(settings.Json);
        return 0;
    }

    private static string[] Names(string prefix, int count) =>
        [.. Enumerable.Range(0, count).Select(i => prefix + i.ToString("D7", CultureInfo.InvariantCulture))];

    /// <summary>The broker's live heap (after forced collections) and RSS at one step.</summary>
    private sealed record Snapshot(GcSnapshot Gc, long Resident);

    /// <summary>The scenario's steps, each waiting until the broker shows it done.</summary>
    private sealed class Steps(BrokerProcess broker, LitePushConsumer consumer, Producer producer, DeliveryTracker tracker, int bodySize, CancellationToken cancellationToken)
    {
        private readonly ParallelOptions _parallel = new() { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };
        private long _subscribed;

        /// <summary>Subscribes each lite topic and sends it one message; waits until every message was consumed and acknowledged.</summary>
        public async Task CreateAsync(string[] names, long firstSequence)
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, names.Length), _parallel, async (i, token) =>
            {
                await consumer.SubscribeLiteAsync(names[i], cancellationToken: token).ConfigureAwait(false);
                var message = new byte[bodySize];
                BenchBody.Write(message, firstSequence + i, Stopwatch.GetTimestamp());
                await producer.SendAsync(Message.CreateBuilder().SetTopic(Topic).SetLiteTopic(names[i]).SetBody(message).Build(), token).ConfigureAwait(false);
            }).ConfigureAwait(false);
            _subscribed += names.Length;
            var expected = firstSequence + names.Length;
            await Eventually.HoldsAsync(() => Task.FromResult(tracker.Delivered >= expected), StepTimeout, $"{expected} messages were consumed", cancellationToken).ConfigureAwait(false);
            await Eventually.HoldsAsync(
                async () => await broker.Admin.BacklogAsync(Group, cancellationToken).ConfigureAwait(false) is (0, 0),
                StepTimeout,
                "the broker saw every message acknowledged",
                cancellationToken).ConfigureAwait(false);
        }

        public async Task SubscribeAsync(string[] names)
        {
            await Parallel.ForEachAsync(names, _parallel, async (name, token) => await consumer.SubscribeLiteAsync(name, cancellationToken: token).ConfigureAwait(false)).ConfigureAwait(false);
            _subscribed += names.Length;
            await WaitForSubscriptionsAsync().ConfigureAwait(false);
        }

        public async Task UnsubscribeAsync(string[] names)
        {
            await Parallel.ForEachAsync(names, _parallel, async (name, token) => await consumer.UnsubscribeLiteAsync(name, token).ConfigureAwait(false)).ConfigureAwait(false);
            _subscribed -= names.Length;
            await WaitForSubscriptionsAsync().ConfigureAwait(false);
        }

        public async Task<Snapshot> SnapshotAsync()
        {
            var gc = await broker.Probe.CollectAsync(cancellationToken).ConfigureAwait(false);
            return new Snapshot(gc, broker.ResidentBytes);
        }

        private Task WaitForSubscriptionsAsync()
        {
            var expected = _subscribed;
            return Eventually.HoldsAsync(
                async () => await broker.Admin.SubscriptionCountAsync(Group, cancellationToken).ConfigureAwait(false) == expected,
                StepTimeout,
                $"the broker held {expected} lite subscriptions",
                cancellationToken);
        }
    }
}
