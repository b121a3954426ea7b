using System.Diagnostics;
using VoiceAgent.LoadTest.Measurement;
using VoiceAgent.RocketMQ;

namespace VoiceAgent.LoadTest.Broker;

/// <summary>
/// send -> receive -> ack through a real broker process: warm-up, then a measured window, closed-loop (the
/// sustained rate) or open-loop at a given rate; the latency variant finds the sustained rate first and then
/// measures latency open-loop at a fraction of it, against the same broker.
/// </summary>
internal sealed class ThroughputScenario(BenchSettings settings, TrafficShape shape, string mode)
{
    private const double Mebibyte = 1024 * 1024;
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Runs closed-loop when <paramref name="rate"/> is null, else open-loop at that many messages per second.</summary>
    public async Task<int> RunAsync(double? rate, CancellationToken cancellationToken)
    {
        await using var run = await StartAsync(cancellationToken).ConfigureAwait(false);
        var (line, _) = await MeasureAsync(run, mode, rate, cancellationToken).ConfigureAwait(false);
        line.Print(settings.Json);
        return 0;
    }

    /// <summary>Finds the sustained rate closed-loop, then measures open-loop at <paramref name="fraction"/> of it.</summary>
    public async Task<int> RunLatencyAsync(double fraction, CancellationToken cancellationToken)
    {
        await using var run = await StartAsync(cancellationToken).ConfigureAwait(false);
        var (sustained, rate) = await MeasureAsync(run, mode + "-max", null, cancellationToken).ConfigureAwait(false);
        sustained.Print(settings.Json);
        var (latency, _) = await MeasureAsync(run, mode, rate * fraction, cancellationToken).ConfigureAwait(false);
        latency.Add("fraction_of_max", fraction, "F2");
        latency.Print(settings.Json);
        return 0;
    }

    private async Task<Running> StartAsync(CancellationToken cancellationToken)
    {
        var run = await BrokerRun.StartAsync(settings, shape.TopicDeclarations, shape.GroupDeclarations, shape.BrokerSettings, cancellationToken).ConfigureAwait(false);
        try
        {
            var tracker = new DeliveryTracker();
            await shape.StartConsumersAsync(run.Client, tracker.HandleAsync, cancellationToken).ConfigureAwait(false);
            var producer = await run.Client.CreateProducerAsync(new ProducerOptions { Topics = [shape.Topic] }, cancellationToken).ConfigureAwait(false);
            return new Running(run, shape, tracker, new LoadGenerator(producer, shape, tracker, settings.BodySize));
        }
        catch
        {
            await run.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task<(ResultLine Line, double DeliveredPerSecond)> MeasureAsync(Running running, string name, double? rate, CancellationToken cancellationToken)
    {
        var (run, _, tracker, generator) = running;
        var broker = run.Broker;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var load = rate is { } perSecond
            ? generator.RunOpenLoopAsync(perSecond, settings.Senders, stop.Token)
            : generator.RunClosedLoopAsync(settings.Senders, settings.Window, stop.Token);

        await Task.Delay(settings.Warmup, cancellationToken).ConfigureAwait(false);
        var backlogBefore = await broker.Admin.BacklogAsync(shape.Group, cancellationToken).ConfigureAwait(false);
        var (sent, delivered, failed, redelivered) = (generator.Sent, tracker.Delivered, generator.Failed, tracker.Redelivered);
        var meter = WindowMeter.Start(broker.Pid);
        tracker.StartRecording();
        var inFlight = await SampleInFlightAsync(generator, tracker, settings.Duration, cancellationToken).ConfigureAwait(false);
        tracker.StopRecording();
        meter.Stop();
        (sent, delivered, failed, redelivered) = (generator.Sent - sent, tracker.Delivered - delivered, generator.Failed - failed, tracker.Redelivered - redelivered);
        var backlogAfter = await broker.Admin.BacklogAsync(shape.Group, cancellationToken).ConfigureAwait(false);
        var heap = await broker.Probe.PeekAsync(cancellationToken).ConfigureAwait(false);
        var brokerResident = broker.ResidentBytes;

        await stop.CancelAsync().ConfigureAwait(false);
        await load.ConfigureAwait(false);
        var undelivered = await DrainAsync(generator, tracker, cancellationToken).ConfigureAwait(false);

        var seconds = meter.Seconds;
        // Closed loop bounds what is in flight by the window, so it may swing by that much within a window;
        // open loop must deliver what it sent, keep the backlog flat and actually send at the target rate.
        // Either way everything sent must arrive once the load stops.
        var slack = rate is null ? settings.Window : 0;
        var sustained = undelivered == 0
            && delivered + slack >= 0.98 * sent
            && backlogAfter.Backlog - backlogBefore.Backlog <= (0.02 * sent) + slack
            && (rate is null || sent >= 0.97 * rate.Value * seconds);

        var line = new ResultLine(name).Add("loop", rate is null ? "closed" : "open");
        if (rate is { } target)
        {
            line.Add("target_per_s", target, "F0");
        }

        line.Add("window_s", seconds, "F1")
            .Add("sent_per_s", sent / seconds, "F0")
            .Add("delivered_per_s", delivered / seconds, "F0")
            .Add("store_to_deliver_p50_ms", tracker.StoreToDeliver.Percentile(50), "F2")
            .Add("store_to_deliver_p99_ms", tracker.StoreToDeliver.Percentile(99), "F2")
            .Add("send_to_handler_p50_ms", tracker.SendToHandler.Percentile(50), "F2")
            .Add("send_to_handler_p99_ms", tracker.SendToHandler.Percentile(99), "F2")
            .Add("inflight_avg", inFlight, "F0")
            .Add("backlog_start", backlogBefore.Backlog)
            .Add("backlog_end", backlogAfter.Backlog)
            .Add("sustained", sustained)
            .Add("errors", failed)
            .Add("redelivered", redelivered)
            .Add("undelivered_after_drain", undelivered);
        if (rate is not null)
        {
            line.Add("sender_behind_ticks", generator.Behind);
        }

        meter.Describe(line, delivered);
        line.Add("broker_rss_mb", brokerResident / Mebibyte, "F1")
            .Add("broker_gc_heap_mb", heap.HeapSizeBytes / Mebibyte, "F1")
            .Add("load_rss_mb", ProcessStats.ResidentBytes(Environment.ProcessId) / Mebibyte, "F1")
            .Add("body_bytes", settings.BodySize);
        shape.Describe(line);
        return (line, delivered / seconds);
    }

    /// <summary>
    /// Waits out the window, sampling messages sent and not yet delivered every 100 ms; returns their mean. Near the
    /// closed-loop window, delivery was the limit; far below it, the senders were.
    /// </summary>
    private static async Task<double> SampleInFlightAsync(LoadGenerator generator, DeliveryTracker tracker, TimeSpan duration, CancellationToken cancellationToken)
    {
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        double sum = 0;
        var samples = 0;
        while (Stopwatch.GetTimestamp() < end)
        {
            sum += Math.Max(0, generator.Sent - tracker.Delivered);
            samples++;
            var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), end);
            if (left <= TimeSpan.Zero)
            {
                break;
            }

            await Task.Delay(left < TimeSpan.FromMilliseconds(100) ? left : TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
        }

        return samples == 0 ? 0 : sum / samples;
    }

    /// <summary>Waits until every acknowledged send was delivered; returns how many were not within the timeout.</summary>
    private static async Task<long> DrainAsync(LoadGenerator generator, DeliveryTracker tracker, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(DrainTimeout.TotalSeconds * Stopwatch.Frequency);
        while (tracker.Delivered < generator.Sent && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }

        return Math.Max(0, generator.Sent - tracker.Delivered);
    }

    /// <summary>A started scenario: broker, consumers, tracker and sender.</summary>
    private sealed record Running(BrokerRun Run, TrafficShape Shape, DeliveryTracker Tracker, LoadGenerator Generator) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Shape.DisposeAsync().ConfigureAwait(false);
            await Run.DisposeAsync().ConfigureAwait(false);
        }
    }
}
