using Google.Protobuf;
using VoiceAgent.Grpc;

namespace VoiceAgent.RocketMQ.Protocol;

/// <summary>The methods of <c>apache.rocketmq.v2.MessagingService</c>, shared by the client and the broker.</summary>
public static class MessagingService
{
    public const string ServiceName = "apache.rocketmq.v2.MessagingService";

    public static readonly Method<QueryRouteRequest, QueryRouteResponse> QueryRoute =
        Create<QueryRouteRequest, QueryRouteResponse>(MethodType.Unary, nameof(QueryRoute));

    public static readonly Method<HeartbeatRequest, HeartbeatResponse> Heartbeat =
        Create<HeartbeatRequest, HeartbeatResponse>(MethodType.Unary, nameof(Heartbeat));

    public static readonly Method<SendMessageRequest, SendMessageResponse> SendMessage =
        Create<SendMessageRequest, SendMessageResponse>(MethodType.Unary, nameof(SendMessage));

    public static readonly Method<QueryAssignmentRequest, QueryAssignmentResponse> QueryAssignment =
        Create<QueryAssignmentRequest, QueryAssignmentResponse>(MethodType.Unary, nameof(QueryAssignment));

    public static readonly Method<ReceiveMessageRequest, ReceiveMessageResponse> ReceiveMessage =
        Create<ReceiveMessageRequest, ReceiveMessageResponse>(MethodType.ServerStreaming, nameof(ReceiveMessage));

    public static readonly Method<AckMessageRequest, AckMessageResponse> AckMessage =
        Create<AckMessageRequest, AckMessageResponse>(MethodType.Unary, nameof(AckMessage));

    public static readonly Method<ForwardMessageToDeadLetterQueueRequest, ForwardMessageToDeadLetterQueueResponse> ForwardMessageToDeadLetterQueue =
        Create<ForwardMessageToDeadLetterQueueRequest, ForwardMessageToDeadLetterQueueResponse>(MethodType.Unary, nameof(ForwardMessageToDeadLetterQueue));

    public static readonly Method<PullMessageRequest, PullMessageResponse> PullMessage =
        Create<PullMessageRequest, PullMessageResponse>(MethodType.ServerStreaming, nameof(PullMessage));

    public static readonly Method<UpdateOffsetRequest, UpdateOffsetResponse> UpdateOffset =
        Create<UpdateOffsetRequest, UpdateOffsetResponse>(MethodType.Unary, nameof(UpdateOffset));

    public static readonly Method<GetOffsetRequest, GetOffsetResponse> GetOffset =
        Create<GetOffsetRequest, GetOffsetResponse>(MethodType.Unary, nameof(GetOffset));

    public static readonly Method<QueryOffsetRequest, QueryOffsetResponse> QueryOffset =
        Create<QueryOffsetRequest, QueryOffsetResponse>(MethodType.Unary, nameof(QueryOffset));

    public static readonly Method<EndTransactionRequest, EndTransactionResponse> EndTransaction =
        Create<EndTransactionRequest, EndTransactionResponse>(MethodType.Unary, nameof(EndTransaction));

    public static readonly Method<TelemetryCommand, TelemetryCommand> Telemetry =
        Create<TelemetryCommand, TelemetryCommand>(MethodType.DuplexStreaming, nameof(Telemetry));

    public static readonly Method<NotifyClientTerminationRequest, NotifyClientTerminationResponse> NotifyClientTermination =
        Create<NotifyClientTerminationRequest, NotifyClientTerminationResponse>(MethodType.Unary, nameof(NotifyClientTermination));

    public static readonly Method<ChangeInvisibleDurationRequest, ChangeInvisibleDurationResponse> ChangeInvisibleDuration =
        Create<ChangeInvisibleDurationRequest, ChangeInvisibleDurationResponse>(MethodType.Unary, nameof(ChangeInvisibleDuration));

    public static readonly Method<RecallMessageRequest, RecallMessageResponse> RecallMessage =
        Create<RecallMessageRequest, RecallMessageResponse>(MethodType.Unary, nameof(RecallMessage));

    public static readonly Method<SyncLiteSubscriptionRequest, SyncLiteSubscriptionResponse> SyncLiteSubscription =
        Create<SyncLiteSubscriptionRequest, SyncLiteSubscriptionResponse>(MethodType.Unary, nameof(SyncLiteSubscription));

    private static Method<TRequest, TResponse> Create<TRequest, TResponse>(MethodType type, string name)
        where TRequest : IMessage<TRequest>, IBufferMessage, new()
        where TResponse : IMessage<TResponse>, IBufferMessage, new() =>
        new(type, ServiceName, name, ProtobufMarshaller.For<TRequest>(), ProtobufMarshaller.For<TResponse>());
}
