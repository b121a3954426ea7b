using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace VoiceAgent.Broker.Diagnostics;

/// <summary>
/// The broker's counters and histograms (meter <c>VoiceAgent.Broker</c>). Tags are topic and group names,
/// which are declared or few, never lite topic names: those only appear in the bounded top-N gauge.
/// </summary>
internal sealed class BrokerMetrics : IDisposable
{
    private readonly Meter? _ownedMeter;
    private readonly Counter<long> _messagesIn;
    private readonly Counter<long> _bytesIn;
    private readonly Counter<long> _messagesOut;
    private readonly Counter<long> _bytesOut;
    private readonly Counter<long> _redeliveries;
    private readonly Counter<long> _deadLettered;
    private readonly Counter<long> _liteTopicsCreated;
    private readonly Counter<long> _liteTopicsExpired;
    private readonly Counter<long> _flowControl;
    private readonly Counter<long> _alerts;
    private readonly Counter<long> _skipped;
    private readonly Histogram<double> _deliveryLatency;

    public BrokerMetrics(IMeterFactory? meterFactory = null)
    {
        Meter = meterFactory?.Create(BrokerTelemetry.Name) ?? (_ownedMeter = new Meter(BrokerTelemetry.Name));
        _messagesIn = Meter.CreateCounter<long>("voiceagent.broker.messages.in", "{message}", "Messages stored.");
        _bytesIn = Meter.CreateCounter<long>("voiceagent.broker.bytes.in", "By", "Message bytes (body and properties) stored.");
        _messagesOut = Meter.CreateCounter<long>("voiceagent.broker.messages.out", "{message}", "Messages delivered, redeliveries included.");
        _bytesOut = Meter.CreateCounter<long>("voiceagent.broker.bytes.out", "By", "Message bytes delivered.");
        _redeliveries = Meter.CreateCounter<long>("voiceagent.broker.redeliveries", "{message}", "Deliveries after the first of the same message.");
        _deadLettered = Meter.CreateCounter<long>("voiceagent.broker.dead_lettered", "{message}", "Messages moved to a %DLQ% topic.");
        _liteTopicsCreated = Meter.CreateCounter<long>("voiceagent.broker.lite_topics.created", "{topic}", "Lite topics created by a first send.");
        _liteTopicsExpired = Meter.CreateCounter<long>("voiceagent.broker.lite_topics.expired", "{topic}", "Lite topics removed after their idle expiration.");
        _flowControl = Meter.CreateCounter<long>("voiceagent.broker.flow_control.rejections", "{request}", "Sends refused because a byte limit was reached.");
        _skipped = Meter.CreateCounter<long>(
            "voiceagent.broker.messages.skipped", "{message}", "Messages an inactive consumer group lost because it held a full queue back.");
        _alerts = Meter.CreateCounter<long>("voiceagent.broker.backlog_alerts", "{alert}", "Lite topics that went over their backlog alert threshold.");
        _deliveryLatency = Meter.CreateHistogram<double>(
            "voiceagent.broker.delivery.latency",
            "s",
            "Time from storing a message to its first delivery.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] });
    }

    public Meter Meter { get; }

    public void MessageStored(string topic, string messageType, int bytes)
    {
        var tags = new TagList { { BrokerTelemetry.TopicTag, topic }, { BrokerTelemetry.MessageTypeTag, messageType } };
        _messagesIn.Add(1, tags);
        _bytesIn.Add(bytes, new KeyValuePair<string, object?>(BrokerTelemetry.TopicTag, topic));
    }

    public void MessageDelivered(string topic, string group, int bytes, int attempt, double? latencySeconds)
    {
        var tags = new TagList { { BrokerTelemetry.TopicTag, topic }, { BrokerTelemetry.GroupTag, group } };
        _messagesOut.Add(1, tags);
        _bytesOut.Add(bytes, tags);
        if (attempt > 1)
        {
            _redeliveries.Add(1, tags);
        }

        if (latencySeconds is { } latency)
        {
            _deliveryLatency.Record(latency, tags);
        }
    }

    public void DeadLettered(string topic, string group) =>
        _deadLettered.Add(1, new TagList { { BrokerTelemetry.TopicTag, topic }, { BrokerTelemetry.GroupTag, group } });

    public void LiteTopicCreated(string parent) => _liteTopicsCreated.Add(1, new KeyValuePair<string, object?>(BrokerTelemetry.TopicTag, parent));

    public void LiteTopicExpired(string parent) => _liteTopicsExpired.Add(1, new KeyValuePair<string, object?>(BrokerTelemetry.TopicTag, parent));

    public void FlowControlled(string topic, string reason) =>
        _flowControl.Add(1, new TagList { { BrokerTelemetry.TopicTag, topic }, { BrokerTelemetry.ReasonTag, reason } });

    public void MessagesSkipped(string topic, string group, long count) =>
        _skipped.Add(count, new TagList { { BrokerTelemetry.TopicTag, topic }, { BrokerTelemetry.GroupTag, group } });

    public void BacklogAlertRaised(string parent) => _alerts.Add(1, new KeyValuePair<string, object?>(BrokerTelemetry.TopicTag, parent));

    public void Dispose() => _ownedMeter?.Dispose();
}
