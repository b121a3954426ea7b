using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace VoiceAgent.RocketMQ;

/// <summary>The client's instruments. Times are histograms in milliseconds, as the official clients record them.</summary>
internal static class RocketMQMetrics
{
    private static readonly Meter Meter = new(RocketMQInstrumentation.MeterName, ClientIdentity.Version);

    private static readonly ConcurrentDictionary<ICacheStatistics, byte> Caches = new();

    private static readonly Histogram<double> SendCostTime = Meter.CreateHistogram<double>(
        MetricNames.SendCostTime, "ms", "Time from sending a message to receiving the server's receipt.");

    private static readonly Histogram<double> DeliveryLatency = Meter.CreateHistogram<double>(
        MetricNames.DeliveryLatency, "ms", "Time from the server sending a message to the consumer receiving it.");

    private static readonly Histogram<double> AwaitTime = Meter.CreateHistogram<double>(
        MetricNames.AwaitTime, "ms", "Time a received message waited in the consumer's cache before processing.");

    private static readonly Histogram<double> ProcessTime = Meter.CreateHistogram<double>(
        MetricNames.ProcessTime, "ms", "Time the message handler took.");

    private static readonly Counter<long> CorruptedMessages = Meter.CreateCounter<long>(
        MetricNames.ConsumerCorruptedMessages, "{message}", "Received messages whose body failed its digest or could not be decoded.");

    static RocketMQMetrics()
    {
        Meter.CreateObservableGauge(
            MetricNames.ConsumerCachedMessages, () => Observe(static c => c.CachedMessageCount), "{message}", "Messages received and not yet settled, per topic.");
        Meter.CreateObservableGauge(
            MetricNames.ConsumerCachedBytes, () => Observe(static c => c.CachedMessageBytes), "By", "Body bytes received and not yet settled, per topic.");
    }

    /// <summary>A consumer whose cache the gauges report while it is registered.</summary>
    public interface ICacheStatistics
    {
        string Topic { get; }

        string ClientId { get; }

        string ConsumerGroup { get; }

        long CachedMessageCount { get; }

        long CachedMessageBytes { get; }
    }

    public static void Register(ICacheStatistics cache) => Caches.TryAdd(cache, 0);

    public static void Unregister(ICacheStatistics cache) => Caches.TryRemove(cache, out _);

    public static void RecordSendCostTime(string topic, string clientId, bool success, TimeSpan elapsed)
    {
        if (SendCostTime.Enabled)
        {
            SendCostTime.Record(
                elapsed.TotalMilliseconds,
                new(MetricNames.Topic, topic),
                new(MetricNames.ClientId, clientId),
                new(MetricNames.InvocationStatus, success ? MetricNames.Success : MetricNames.Failure));
        }
    }

    public static void RecordCorrupted(string topic, string clientId) =>
        CorruptedMessages.Add(1, new(MetricNames.Topic, topic), new(MetricNames.ClientId, clientId));

    public static void RecordDeliveryLatency(string topic, string clientId, string consumerGroup, DateTimeOffset? deliveredAt)
    {
        if (!DeliveryLatency.Enabled || deliveredAt is null)
        {
            return;
        }

        var latency = DateTimeOffset.UtcNow - deliveredAt.Value;
        if (latency >= TimeSpan.Zero)
        {
            DeliveryLatency.Record(
                latency.TotalMilliseconds,
                new(MetricNames.Topic, topic),
                new(MetricNames.ClientId, clientId),
                new(MetricNames.ConsumerGroup, consumerGroup));
        }
    }

    public static void RecordAwaitTime(string topic, string clientId, string consumerGroup, long decodedAt)
    {
        if (AwaitTime.Enabled)
        {
            AwaitTime.Record(
                Stopwatch.GetElapsedTime(decodedAt).TotalMilliseconds,
                new(MetricNames.Topic, topic),
                new(MetricNames.ClientId, clientId),
                new(MetricNames.ConsumerGroup, consumerGroup));
        }
    }

    public static void RecordProcessTime(string topic, string clientId, string consumerGroup, bool success, TimeSpan elapsed)
    {
        if (ProcessTime.Enabled)
        {
            ProcessTime.Record(
                elapsed.TotalMilliseconds,
                new(MetricNames.Topic, topic),
                new(MetricNames.ClientId, clientId),
                new(MetricNames.ConsumerGroup, consumerGroup),
                new(MetricNames.InvocationStatus, success ? MetricNames.Success : MetricNames.Failure));
        }
    }

    private static IEnumerable<Measurement<long>> Observe(Func<ICacheStatistics, long> value)
    {
        foreach (var cache in Caches.Keys)
        {
            yield return new Measurement<long>(
                value(cache),
                new(MetricNames.Topic, cache.Topic),
                new(MetricNames.ClientId, cache.ClientId),
                new(MetricNames.ConsumerGroup, cache.ConsumerGroup));
        }
    }
}
