using System.Diagnostics;
using System.Globalization;
using VoiceAgent.LoadTest.Measurement;
using VoiceAgent.RocketMQ;

namespace VoiceAgent.LoadTest.Broker;

/// <summary>
/// Lite topic churn: senders send one message to a new lite topic each time, as fast as the broker accepts
/// them, and the lite topics expire after a short idle time. Warm-up lasts past one expiration so that
/// expiry is in steady state; over the window, created = acknowledged sends and expired = created minus the
/// growth of the broker's lite topic count. After the window sending stops and the drain to zero is timed.
/// </summary>
internal sealed class LiteChurnScenario(BenchSettings settings, TimeSpan expiration)
{
    private const string Topic = "bench-churn";
    private const string Group = "bench-churn-consumers";

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var expirationText = ((long)expiration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
        await using var run = await BrokerRun.StartAsync(
            settings,
            [$"{Topic}:LITE:expiration={expirationText}"],
            [$"{Group}:lite-bind={Topic}"],
            new Dictionary<string, string> { ["MaxLiteTopics"] = "2000000" },
            cancellationToken).ConfigureAwait(false);
        await using var producer = await run.Client.CreateProducerAsync(new ProducerOptions { Topics = [Topic] }, cancellationToken).ConfigureAwait(false);
        var admin = run.Broker.Admin;

        var counters = new Counters();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var senders = Task.WhenAll(Enumerable.Range(0, settings.Senders).Select(_ => Task.Run(() => SendLoopAsync(producer, counters, stop.Token), CancellationToken.None)));

        var warmup = settings.Warmup > expiration * 1.5 ? settings.Warmup : expiration * 1.5;
        await Task.Delay(warmup, cancellationToken).ConfigureAwait(false);
        var liveBefore = (await admin.TopicAsync(Topic, cancellationToken).ConfigureAwait(false)).LiteTopics;
        var (created, failed) = (counters.Created, counters.Failed);
        var meter = WindowMeter.Start(run.Broker.Pid);
        await Task.Delay(settings.Duration, cancellationToken).ConfigureAwait(false);
        meter.Stop();
        (created, failed) = (counters.Created - created, counters.Failed - failed);
        var liveAfter = (await admin.TopicAsync(Topic, cancellationToken).ConfigureAwait(false)).LiteTopics;
        var heap = await run.Broker.Probe.PeekAsync(cancellationToken).ConfigureAwait(false);
        var resident = run.Broker.ResidentBytes;

        await stop.CancelAsync().ConfigureAwait(false);
        await senders.ConfigureAwait(false);
        var stopped = Stopwatch.GetTimestamp();
        var liveAtStop = (await admin.TopicAsync(Topic, cancellationToken).ConfigureAwait(false)).LiteTopics;
        await Eventually.HoldsAsync(
            async () => (await admin.TopicAsync(Topic, cancellationToken).ConfigureAwait(false)).LiteTopics == 0,
            (expiration * 4) + TimeSpan.FromSeconds(60),
            "every lite topic expired",
            cancellationToken).ConfigureAwait(false);
        var drainSeconds = Stopwatch.GetElapsedTime(stopped).TotalSeconds;

        var seconds = meter.Seconds;
        var line = new ResultLine("broker-lite-churn")
            .Add("expiration_s", expiration.TotalSeconds, "F1")
            .Add("window_s", seconds, "F1")
            .Add("created_per_s", created / seconds, "F0")
            .Add("expired_per_s", (created - (liveAfter - liveBefore)) / seconds, "F0")
            .Add("live_start", liveBefore)
            .Add("live_end", liveAfter)
            .Add("live_at_stop", liveAtStop)
            .Add("drain_s", drainSeconds, "F1")
            .Add("errors", failed);
        meter.Describe(line, created);
        line.Add("broker_rss_mb", resident / (1024.0 * 1024), "F1")
            .Add("broker_gc_heap_mb", heap.HeapSizeBytes / (1024.0 * 1024), "F1")
            .Add("senders", settings.Senders)
            .Add("body_bytes", settings.BodySize)
            .Print(settings.Json);
        return 0;
    }

    private async Task SendLoopAsync(Producer producer, Counters counters, CancellationToken stop)
    {
        var body = new byte[settings.BodySize];
        while (!stop.IsCancellationRequested)
        {
            var sequence = Interlocked.Increment(ref counters.Next);
            var name = "churn-" + sequence.ToString(CultureInfo.InvariantCulture);
            try
            {
                await producer.SendAsync(Message.CreateBuilder().SetTopic(Topic).SetLiteTopic(name).SetBody(body).Build(), CancellationToken.None).ConfigureAwait(false);
                Interlocked.Increment(ref counters.CreatedCount);
            }
            catch (Exception)
            {
                // Counted: quota refusals and timeouts are figures of the run.
                Interlocked.Increment(ref counters.FailedCount);
            }
        }
    }

    /// <summary>The senders' shared counters.</summary>
    private sealed class Counters
    {
        public long Next = -1;
        public long CreatedCount;
        public long FailedCount;

        public long Created => Interlocked.Read(ref CreatedCount);

        public long Failed => Interlocked.Read(ref FailedCount);
    }
}
