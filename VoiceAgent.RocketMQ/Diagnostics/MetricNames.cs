namespace VoiceAgent.RocketMQ;

/// <summary>The official clients' metric and tag names.</summary>
internal static class MetricNames
{
    public const string SendCostTime = "rocketmq_send_cost_time";
    public const string DeliveryLatency = "rocketmq_delivery_latency";
    public const string AwaitTime = "rocketmq_await_time";
    public const string ProcessTime = "rocketmq_process_time";
    public const string ConsumerCachedMessages = "rocketmq_consumer_cached_messages";
    public const string ConsumerCachedBytes = "rocketmq_consumer_cached_bytes";
    public const string ConsumerCorruptedMessages = "rocketmq_consumer_corrupted_messages";

    public const string Topic = "topic";
    public const string ClientId = "client_id";
    public const string ConsumerGroup = "consumer_group";
    public const string InvocationStatus = "invocation_status";

    public const string Success = "success";
    public const string Failure = "failure";
}
