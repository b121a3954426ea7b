namespace VoiceAgent.RocketMQ;

/// <summary>
/// The names to subscribe to: spans <c>send {topic}</c>, <c>receive {topic}</c> and <c>process {topic}</c> on
/// the ActivitySource, and the official client metrics (<c>rocketmq_send_cost_time</c>,
/// <c>rocketmq_delivery_latency</c>, <c>rocketmq_await_time</c>, <c>rocketmq_process_time</c>,
/// <c>rocketmq_consumer_cached_messages</c>, <c>rocketmq_consumer_cached_bytes</c>) on the Meter.
/// </summary>
public static class RocketMQInstrumentation
{
    public const string ActivitySourceName = "VoiceAgent.RocketMQ";

    public const string MeterName = "VoiceAgent.RocketMQ";
}
