using System.Diagnostics.Metrics;
using VoiceAgent.Broker.Configuration;

namespace VoiceAgent.Broker.Diagnostics;

/// <summary>
/// The broker's observable gauges, computed when a metrics reader collects: backlog per topic and group, the
/// current top-N lite topics by backlog (N = <see cref="BrokerOptions.MetricsTopLiteTopics"/>, so cardinality
/// stays bounded), lite topic and subscription counts, clients, stored bytes and active alerts.
/// </summary>
internal sealed class BrokerGauges
{
    private readonly BrokerCore _core;

    public BrokerGauges(BrokerCore core)
    {
        _core = core;
        var meter = core.Metrics.Meter;
        meter.CreateObservableGauge("voiceagent.broker.backlog", ObserveBacklog, "{message}", "Messages stored and not yet settled, per topic and consumer group.");
        meter.CreateObservableGauge("voiceagent.broker.inflight", ObserveInFlight, "{message}", "Messages delivered and not yet settled nor expired, per topic and consumer group.");
        meter.CreateObservableGauge("voiceagent.broker.lite_topic.backlog.top", ObserveTopLiteTopics, "{message}", "Backlog of the lite topics with the largest backlog (top N per parent).");
        meter.CreateObservableUpDownCounter("voiceagent.broker.lite_topics", ObserveLiteTopics, "{topic}", "Lite topics per parent topic.");
        meter.CreateObservableUpDownCounter("voiceagent.broker.lite_subscriptions", () => (long)core.Subscriptions.Count, "{subscription}", "Active (client, lite topic) subscriptions.");
        meter.CreateObservableUpDownCounter("voiceagent.broker.clients", () => (long)core.Clients.Count, "{client}", "Connected clients.");
        meter.CreateObservableUpDownCounter("voiceagent.broker.stored.bytes", () => core.Topics.Budget.Used, "By", "Bytes of messages held.");
        meter.CreateObservableUpDownCounter("voiceagent.broker.backlog_alerts.active", () => (long)core.Alerts.ActiveCount, "{alert}", "Lite topics currently over their backlog threshold.");
    }

    private IEnumerable<Measurement<long>> ObserveBacklog()
    {
        foreach (var group in _core.Inspector.Groups())
        {
            foreach (var entry in group.Backlog)
            {
                yield return new Measurement<long>(entry.Backlog, Tags(entry.Topic, group.Name));
            }
        }
    }

    private IEnumerable<Measurement<long>> ObserveInFlight()
    {
        foreach (var group in _core.Inspector.Groups())
        {
            foreach (var entry in group.Backlog)
            {
                yield return new Measurement<long>(entry.InFlight, Tags(entry.Topic, group.Name));
            }
        }
    }

    private IEnumerable<Measurement<long>> ObserveTopLiteTopics()
    {
        foreach (var topic in _core.Topics.Topics)
        {
            if (topic.Type != TopicType.Lite)
            {
                continue;
            }

            foreach (var lite in _core.Inspector.LiteTopics(topic.Name, _core.Options.MetricsTopLiteTopics))
            {
                yield return new Measurement<long>(
                    lite.Backlog,
                    new KeyValuePair<string, object?>(BrokerTelemetry.TopicTag, lite.ParentTopic),
                    new KeyValuePair<string, object?>(BrokerTelemetry.LiteTopicTag, lite.LiteTopic));
            }
        }
    }

    private IEnumerable<Measurement<long>> ObserveLiteTopics()
    {
        foreach (var topic in _core.Topics.Topics)
        {
            if (topic.Type == TopicType.Lite)
            {
                yield return new Measurement<long>(topic.LiteTopics.Count, new KeyValuePair<string, object?>(BrokerTelemetry.TopicTag, topic.Name));
            }
        }
    }

    private static KeyValuePair<string, object?>[] Tags(string topic, string group) =>
    [
        new(BrokerTelemetry.TopicTag, topic),
        new(BrokerTelemetry.GroupTag, group),
    ];
}
