using Google.Protobuf.WellKnownTypes;
using VoiceAgent.Broker.Clients;
using VoiceAgent.Broker.Consumption;
using VoiceAgent.Grpc;
using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.Broker.Grpc;

internal sealed partial class MessagingServiceHandler
{
    /// <summary>Time kept back from the caller's deadline so that the answer arrives before it.</summary>
    private static readonly TimeSpan DeadlineMargin = TimeSpan.FromMilliseconds(500);

    private async Task ReceiveMessage(ReceiveMessageRequest request, IServerStreamWriter<ReceiveStreamItem> responses, ServerCallContext context)
    {
        var outcome = Identify(context, out var client);
        ReceiveRequest? receive = null;
        if (outcome.IsOk)
        {
            outcome = Validate(request, client, context, out receive);
        }

        if (!outcome.IsOk)
        {
            await WriteBufferedAsync(responses, ReceiveStreamItem.Of(new ReceiveMessageResponse { Status = outcome.ToStatus() }), context).ConfigureAwait(false);
            await WriteDeliveryTimestampAsync(responses, context).ConfigureAwait(false);
            return;
        }

        IReadOnlyList<Delivery> deliveries;
        using (var waiting = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, _core.Stopping))
        {
            try
            {
                deliveries = await _core.Delivery.ReceiveAsync(receive!, waiting.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (OperationCanceledException) when (_core.Stopping.IsCancellationRequested)
            {
                deliveries = [];
            }
        }

        if (deliveries.Count == 0)
        {
            var empty = new Status { Code = Code.MessageNotFound, Message = "no new message" };
            await WriteBufferedAsync(responses, ReceiveStreamItem.Of(new ReceiveMessageResponse { Status = empty }), context).ConfigureAwait(false);
            await WriteDeliveryTimestampAsync(responses, context).ConfigureAwait(false);
            return;
        }

        try
        {
            // One flush for the whole batch: the status and the messages are held back until the closing timestamp.
            await WriteBufferedAsync(responses, ReceiveStreamItem.Of(new ReceiveMessageResponse { Status = Outcome.Ok.ToStatus() }), context).ConfigureAwait(false);
            foreach (var delivery in deliveries)
            {
                var item = ReceiveStreamItem.Of(delivery.Message, _core.Delivery.DeliveryProperties(delivery));
                await WriteBufferedAsync(responses, item, context).ConfigureAwait(false);
            }

            await WriteDeliveryTimestampAsync(responses, context).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or RpcException or InvalidOperationException)
        {
            // The client is gone or its deadline passed: what it never saw goes back without counting an attempt.
            Log.ReceiveNotDelivered(_logger, client.ClientId, deliveries.Count, exception);
            _core.Delivery.ReleaseUndelivered(deliveries);
            throw;
        }
    }

    private Outcome Validate(ReceiveMessageRequest request, ClientSession client, ServerCallContext context, out ReceiveRequest? receive)
    {
        receive = null;
        if (client.Settings is null)
        {
            return new Outcome(Code.UnrecognizedClientType, "No settings received from this client yet: open the Telemetry stream and send settings first.");
        }

        if (client.ClientType == ClientType.Producer)
        {
            return new Outcome(Code.UnrecognizedClientType, "A producer cannot receive messages.");
        }

        var outcome = FindOrCreateGroup(request.Group, out var group);
        if (!outcome.IsOk)
        {
            return outcome;
        }

        if (client.IsLiteConsumer != group.IsLite)
        {
            return new Outcome(
                Code.IllegalConsumerGroup,
                group.IsLite ? $"Group '{group.Name}' is a lite group and must use LITE mode." : $"Group '{group.Name}' is a regular group and cannot use LITE mode.");
        }

        outcome = ResolveTopic(request.MessageQueue?.Topic, out var topic);
        if (!outcome.IsOk)
        {
            return outcome;
        }

        if (group.IsLite && !string.Equals(topic.Name, group.LiteBindTopic, StringComparison.Ordinal))
        {
            return new Outcome(Code.IllegalTopic, $"Lite group '{group.Name}' is expected to bind topic '{group.LiteBindTopic}', not '{topic.Name}'.");
        }

        if (!group.IsLite && topic.Type == Configuration.TopicType.Lite)
        {
            return new Outcome(Code.IllegalConsumerGroup, $"Topic '{topic.Name}' is a LITE topic: consume it with a lite consumer of a group bound to it.");
        }

        if (request.BatchSize <= 0)
        {
            return new Outcome(Code.BadRequest, "The batch size must be positive.");
        }

        var filter = TagFilter.All;
        if (request.FilterExpression is { } expression)
        {
            if (expression.Type == FilterType.Sql)
            {
                return Unsupported("SQL92 filtering");
            }

            filter = TagFilter.Parse(expression.Expression);
        }

        TimeSpan invisible;
        if (request.AutoRenew)
        {
            invisible = Options.AutoRenewInvisibleTime;
        }
        else if (request.InvisibleDuration is null)
        {
            return new Outcome(Code.IllegalInvisibleTime, "A receive without auto-renew needs an invisible duration.");
        }
        else
        {
            if (!ProtobufTime.TryToTimeSpan(request.InvisibleDuration, out invisible) || invisible < Options.MinInvisibleTime || invisible > Options.MaxInvisibleTime)
            {
                return new Outcome(
                    Code.IllegalInvisibleTime,
                    $"The invisible duration must be from {Options.MinInvisibleTime.TotalSeconds} s to {Options.MaxInvisibleTime.TotalHours} h.");
            }
        }

        var poll = Options.LongPollingTimeout;
        if (request.LongPollingTimeout is { } requested && (!ProtobufTime.TryToTimeSpan(requested, out poll) || poll < TimeSpan.Zero))
        {
            return new Outcome(Code.IllegalPollingTime, "The long polling timeout must be a valid, non-negative duration.");
        }

        poll = Min(poll, Options.LongPollingTimeout);
        if (context.Deadline != DateTime.MaxValue)
        {
            poll = Min(poll, context.Deadline - DateTime.UtcNow - DeadlineMargin);
            poll = poll < TimeSpan.Zero ? TimeSpan.Zero : poll;
        }

        receive = new ReceiveRequest(
            client,
            group,
            topic,
            request.MessageQueue?.Id ?? -1,
            Math.Min(request.BatchSize, Options.ReceiveBatchSize),
            (long)invisible.TotalMilliseconds,
            request.AutoRenew,
            poll,
            request.HasAttemptId ? request.AttemptId : null,
            group.IsLite ? TagFilter.All : filter);
        return Outcome.Ok;
    }

    private static Task WriteDeliveryTimestampAsync(IServerStreamWriter<ReceiveStreamItem> responses, ServerCallContext context) =>
        responses.WriteAsync(ReceiveStreamItem.Of(new ReceiveMessageResponse { DeliveryTimestamp = Timestamp.FromDateTime(DateTime.UtcNow) }), context.CancellationToken);

    private static Task WriteBufferedAsync(IServerStreamWriter<ReceiveStreamItem> responses, ReceiveStreamItem item, ServerCallContext context) =>
        responses is IBufferingServerStreamWriter<ReceiveStreamItem> buffering
            ? buffering.WriteBufferedAsync(item, context.CancellationToken)
            : responses.WriteAsync(item, context.CancellationToken);

    private static TimeSpan Min(TimeSpan left, TimeSpan right) => left < right ? left : right;
}
