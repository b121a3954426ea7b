namespace VoiceAgent.Broker.Configuration;

/// <summary>Refuses options that cannot work, with a message saying which one and why.</summary>
internal static class BrokerOptionsValidator
{
    public static void Validate(BrokerOptions options)
    {
        Require(options.GrpcPort is >= 0 and <= 65535, "GrpcPort must be from 0 to 65535.");
        Require(options.AdminPort is >= 0 and <= 65535, "AdminPort must be from 0 to 65535.");
        Require(options.GrpcPort == 0 || options.GrpcPort != options.AdminPort, "GrpcPort and AdminPort must differ.");
        Require(options.QueuesPerTopic is >= 1 and <= 64, "QueuesPerTopic must be from 1 to 64.");
        Require(options.MaxQueueBytes > 0 && options.MaxTotalBytes > 0, "MaxQueueBytes and MaxTotalBytes must be positive.");
        Require(options.MaxBodySize > 0, "MaxBodySize must be positive.");
        Require(options.MaxLiteTopics >= 0 && options.MaxLiteSubscriptions >= 0, "MaxLiteTopics and MaxLiteSubscriptions must not be negative.");
        Require(options.MaxLiteTopicNameLength > 0, "MaxLiteTopicNameLength must be positive.");
        Require(options.ReceiveBatchSize is >= 1 and <= 1024, "ReceiveBatchSize must be from 1 to 1024.");
        Require(options.LongPollingTimeout > TimeSpan.Zero, "LongPollingTimeout must be positive.");
        Require(options.AutoRenewInvisibleTime > TimeSpan.Zero, "AutoRenewInvisibleTime must be positive.");
        Require(options.MinInvisibleTime >= TimeSpan.Zero && options.MaxInvisibleTime >= options.MinInvisibleTime, "MinInvisibleTime must be from 0 to MaxInvisibleTime.");
        Require(options.ClientTimeout > TimeSpan.Zero, "ClientTimeout must be positive.");
        Require(options.MessageRetention > TimeSpan.Zero, "MessageRetention must be positive.");
        Require(options.MaxDeliveryAttempts >= 1, "MaxDeliveryAttempts must be at least 1.");
        Require(options.AlertInterval > TimeSpan.Zero, "AlertInterval must be positive.");
        Require(
            string.IsNullOrEmpty(options.AccessKey) == string.IsNullOrEmpty(options.SecretKey),
            "AccessKey and SecretKey go together: set both or neither.");
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new FormatException($"Broker configuration: {message}");
        }
    }
}
