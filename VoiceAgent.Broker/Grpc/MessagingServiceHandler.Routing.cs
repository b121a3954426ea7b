using VoiceAgent.Broker.Configuration;
using VoiceAgent.Grpc;
using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.Broker.Grpc;

internal sealed partial class MessagingServiceHandler
{
    private Task<QueryRouteResponse> QueryRoute(QueryRouteRequest request, ServerCallContext context)
    {
        var outcome = Authenticate(context);
        if (outcome.IsOk)
        {
            outcome = ResolveTopic(request.Topic, out var topic);
            if (outcome.IsOk)
            {
                var response = new QueryRouteResponse { Status = outcome.ToStatus() };
                var broker = BrokerOf(request.Endpoints);
                for (var id = 0; id < topic.Queues.Length; id++)
                {
                    response.MessageQueues.Add(QueueOf(request.Topic, id, broker, topic.AcceptedMessageType));
                }

                _core.Lifecycle.OnRouteQueried(context.RequestHeaders.GetValue(RequestHeaders.ClientId), context.RequestHeaders.GetValue(RequestHeaders.Language));

                return Task.FromResult(response);
            }
        }

        return Task.FromResult(new QueryRouteResponse { Status = outcome.ToStatus() });
    }

    private Task<QueryAssignmentResponse> QueryAssignment(QueryAssignmentRequest request, ServerCallContext context)
    {
        var outcome = Authenticate(context);
        Storage.Topic topic = null!;
        Consumption.ConsumerGroup group = null!;
        if (outcome.IsOk)
        {
            outcome = ResolveTopic(request.Topic, out topic);
        }

        if (outcome.IsOk)
        {
            outcome = FindOrCreateGroup(request.Group, out group);
        }

        if (!outcome.IsOk)
        {
            return Task.FromResult(new QueryAssignmentResponse { Status = outcome.ToStatus() });
        }

        var response = new QueryAssignmentResponse { Status = outcome.ToStatus() };
        var broker = BrokerOf(request.Endpoints);

        // Like the proxy: an ordered group gets every queue, any other group one assignment that reads them all.
        if (group.Fifo && !group.IsLite && topic.Type != TopicType.Lite)
        {
            for (var id = 0; id < topic.Queues.Length; id++)
            {
                response.Assignments.Add(new Assignment { MessageQueue = QueueOf(request.Topic, id, broker, topic.AcceptedMessageType) });
            }
        }
        else
        {
            response.Assignments.Add(new Assignment { MessageQueue = QueueOf(request.Topic, -1, broker, topic.AcceptedMessageType) });
        }

        return Task.FromResult(response);
    }

    /// <summary>The broker as a route shows it: at the address the client used, or at the advertised one.</summary>
    private RocketMQ.Protocol.Broker BrokerOf(Endpoints? requested)
    {
        var endpoints = requested is { Addresses.Count: > 0 }
            ? requested.Clone()
            : new Endpoints
            {
                Scheme = AddressScheme.Ipv4,
                Addresses = { new Address { Host = _endpoints.AdvertisedHost, Port = _endpoints.GrpcPort } },
            };
        return new RocketMQ.Protocol.Broker { Name = "voiceagent-broker", Id = 0, Endpoints = endpoints };
    }

    private static MessageQueue QueueOf(Resource topic, int id, RocketMQ.Protocol.Broker broker, MessageType type) => new()
    {
        Topic = topic,
        Id = id,
        Permission = Permission.ReadWrite,
        Broker = broker,
        AcceptMessageTypes = { type },
    };
}
