using Microsoft.Extensions.Logging;
using VoiceAgent.Broker.Clients;
using VoiceAgent.Broker.Configuration;
using VoiceAgent.Broker.Consumption;
using VoiceAgent.Grpc;
using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.Broker.Grpc;

/// <summary>
/// <c>apache.rocketmq.v2.MessagingService</c> on top of the broker core: each RPC checks the caller (signature,
/// client id), validates the request as the RocketMQ proxy does and answers with an application status; gRPC
/// itself stays OK unless the transport fails.
/// </summary>
internal sealed partial class MessagingServiceHandler
{
    private readonly BrokerCore _core;
    private readonly BrokerEndpoints _endpoints;
    private readonly SignatureVerifier _signatures;
    private readonly ILogger _logger;

    public MessagingServiceHandler(BrokerCore core, BrokerEndpoints endpoints, ILogger<MessagingServiceHandler> logger)
    {
        _core = core;
        _endpoints = endpoints;
        _logger = logger;
        _signatures = new SignatureVerifier(core.Options, core.Time);
    }

    private BrokerOptions Options => _core.Options;

    /// <summary>The service definition to map with <c>MapGrpcService</c>.</summary>
    public GrpcServiceDefinition CreateDefinition() =>
        GrpcServiceDefinition.CreateBuilder()
            .AddUnaryMethod(MessagingService.QueryRoute, QueryRoute)
            .AddUnaryMethod(MessagingService.Heartbeat, Heartbeat)
            .AddUnaryMethod(MessagingService.SendMessage, SendMessage)
            .AddUnaryMethod(MessagingService.QueryAssignment, QueryAssignment)
            .AddServerStreamingMethod(ReceiveStreamItem.Method, ReceiveMessage)
            .AddUnaryMethod(MessagingService.AckMessage, AckMessage)
            .AddUnaryMethod(MessagingService.ForwardMessageToDeadLetterQueue, ForwardMessageToDeadLetterQueue)
            .AddServerStreamingMethod(MessagingService.PullMessage, PullMessage)
            .AddUnaryMethod(MessagingService.UpdateOffset, UpdateOffset)
            .AddUnaryMethod(MessagingService.GetOffset, GetOffset)
            .AddUnaryMethod(MessagingService.QueryOffset, QueryOffset)
            .AddUnaryMethod(MessagingService.EndTransaction, EndTransaction)
            .AddDuplexStreamingMethod(MessagingService.Telemetry, Telemetry)
            .AddUnaryMethod(MessagingService.NotifyClientTermination, NotifyClientTermination)
            .AddUnaryMethod(MessagingService.ChangeInvisibleDuration, ChangeInvisibleDuration)
            .AddUnaryMethod(MessagingService.RecallMessage, RecallMessage)
            .AddUnaryMethod(MessagingService.SyncLiteSubscription, SyncLiteSubscription)
            .Build();

    /// <summary>Checks the signature; the refusal status when it fails.</summary>
    private Outcome Authenticate(ServerCallContext context)
    {
        var headers = context.RequestHeaders;
        var outcome = _signatures.Verify(headers.GetValue(RequestHeaders.Authorization), headers.GetValue(RequestHeaders.DateTime));
        if (!outcome.IsOk)
        {
            Log.Unauthorized(_logger, context.Method, headers.GetValue(RequestHeaders.ClientId) ?? "(none)", context.Peer, outcome.Message);
        }

        return outcome;
    }

    /// <summary>Authenticates and finds (or registers) the calling client; the refusal status when either fails.</summary>
    private Outcome Identify(ServerCallContext context, out ClientSession client)
    {
        client = null!;
        var outcome = Authenticate(context);
        if (!outcome.IsOk)
        {
            return outcome;
        }

        var headers = context.RequestHeaders;
        var clientId = headers.GetValue(RequestHeaders.ClientId);
        if (string.IsNullOrWhiteSpace(clientId) || clientId.Length > 512)
        {
            return new Outcome(Code.ClientIdRequired, $"The {RequestHeaders.ClientId} header is required.");
        }

        client = _core.Lifecycle.Attach(clientId, context.Peer, headers.GetValue(RequestHeaders.Language), headers.GetValue(RequestHeaders.ClientVersion));
        return Outcome.Ok;
    }

    private Outcome ResolveTopic(Resource? resource, out Storage.Topic topic)
    {
        topic = null!;
        var name = resource?.Name;
        if (!NameRules.IsValidResourceName(name))
        {
            return new Outcome(Code.IllegalTopic, $"'{name}' is not a valid topic name.");
        }

        if (_core.Topics.Find(name!) is not { } found)
        {
            return new Outcome(Code.TopicNotFound, $"Topic '{name}' does not exist; declare it with --topic {name}[:NORMAL|FIFO|DELAY|LITE].");
        }

        topic = found;
        return Outcome.Ok;
    }

    /// <summary>
    /// The consumer group a request names, created on first use when it is an ordinary one (up to
    /// <see cref="BrokerOptions.MaxConsumerGroups"/>); lite groups must be declared.
    /// </summary>
    private Outcome FindOrCreateGroup(Resource? resource, out ConsumerGroup group) => ResolveGroup(resource, create: true, out group);

    /// <summary>The consumer group a settling call names; never created, since a group that does not exist has no receipt handle to settle.</summary>
    private Outcome FindGroup(Resource? resource, out ConsumerGroup group) => ResolveGroup(resource, create: false, out group);

    private Outcome ResolveGroup(Resource? resource, bool create, out ConsumerGroup group)
    {
        group = null!;
        var name = resource?.Name;
        if (!NameRules.IsValidResourceName(name))
        {
            return new Outcome(Code.IllegalConsumerGroup, $"'{name}' is not a valid consumer group name.");
        }

        if ((create ? _core.Groups.FindOrCreate(name!) : _core.Groups.Find(name!)) is not { } found)
        {
            return create
                ? new Outcome(Code.Forbidden, $"The broker holds its maximum of {Options.MaxConsumerGroups} consumer groups created on first use; declare '{name}' with --group.")
                : new Outcome(Code.InvalidReceiptHandle, $"Consumer group '{name}' does not exist, so it has nothing to settle.");
        }

        group = found;
        return Outcome.Ok;
    }

    private static Outcome Unsupported(string what) =>
        new(Code.Unsupported, $"{what} is not supported by the embedded broker (VoiceAgent.Broker).");
}
