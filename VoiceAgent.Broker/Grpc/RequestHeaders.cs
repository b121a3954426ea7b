namespace VoiceAgent.Broker.Grpc;

/// <summary>The request headers of RocketMQ's gRPC transport.</summary>
internal static class RequestHeaders
{
    public const string ClientId = "x-mq-client-id";
    public const string DateTime = "x-mq-date-time";
    public const string Language = "x-mq-language";
    public const string ClientVersion = "x-mq-client-version";
    public const string Authorization = "authorization";
}
