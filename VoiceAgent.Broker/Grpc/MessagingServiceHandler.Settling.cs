using VoiceAgent.Broker.Consumption;
using VoiceAgent.Grpc;
using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.Broker.Grpc;

internal sealed partial class MessagingServiceHandler
{
    private Task<AckMessageResponse> AckMessage(AckMessageRequest request, ServerCallContext context)
    {
        var outcome = ResolveSettlement(request.Group, request.Topic, context, out var group);
        if (outcome.IsOk && request.Entries.Count == 0)
        {
            outcome = new Outcome(Code.BadRequest, "An ack needs at least one entry.");
        }

        if (!outcome.IsOk)
        {
            return Task.FromResult(new AckMessageResponse { Status = outcome.ToStatus() });
        }

        var response = new AckMessageResponse();
        var failures = 0;
        Status? failure = null;
        foreach (var entry in request.Entries)
        {
            var result = _core.Delivery.Ack(entry.ReceiptHandle, group, request.Topic.Name, entry.HasLiteTopic ? entry.LiteTopic : null);
            response.Entries.Add(new AckMessageResultEntry { MessageId = entry.MessageId, ReceiptHandle = entry.ReceiptHandle, Status = result.ToStatus() });
            if (!result.IsOk)
            {
                failures++;
                failure ??= result.ToStatus();
            }
        }

        response.Status = failures == 0
            ? Outcome.Ok.ToStatus()
            : failures == request.Entries.Count
                ? failure
                : new Status { Code = Code.MultipleResults, Message = $"{failures} of {request.Entries.Count} entries failed; see the entries." };
        return Task.FromResult(response);
    }

    private Task<ChangeInvisibleDurationResponse> ChangeInvisibleDuration(ChangeInvisibleDurationRequest request, ServerCallContext context)
    {
        var outcome = ResolveSettlement(request.Group, request.Topic, context, out var group);
        TimeSpan? duration = request.InvisibleDuration is { } requested && ProtobufTime.TryToTimeSpan(requested, out var parsed) ? parsed : null;
        if (outcome.IsOk && (duration is null || duration < TimeSpan.Zero || duration > Options.MaxInvisibleTime))
        {
            outcome = new Outcome(Code.IllegalInvisibleTime, $"The invisible duration must be from 0 to {Options.MaxInvisibleTime.TotalHours} h.");
        }

        string? handle = null;
        if (outcome.IsOk)
        {
            outcome = _core.Delivery.ChangeInvisibleTime(
                request.ReceiptHandle,
                group,
                request.Topic.Name,
                request.HasLiteTopic ? request.LiteTopic : null,
                duration!.Value,
                request.HasSuspend && request.Suspend,
                out handle);
        }

        return Task.FromResult(new ChangeInvisibleDurationResponse { Status = outcome.ToStatus(), ReceiptHandle = handle ?? string.Empty });
    }

    private Task<ForwardMessageToDeadLetterQueueResponse> ForwardMessageToDeadLetterQueue(ForwardMessageToDeadLetterQueueRequest request, ServerCallContext context)
    {
        var outcome = ResolveSettlement(request.Group, request.Topic, context, out var group);
        if (outcome.IsOk)
        {
            outcome = _core.Delivery.ForwardToDeadLetter(request.ReceiptHandle, group, request.Topic.Name, request.HasLiteTopic ? request.LiteTopic : null);
        }

        return Task.FromResult(new ForwardMessageToDeadLetterQueueResponse { Status = outcome.ToStatus() });
    }

    /// <summary>What every settling call checks: the caller, the topic and the group.</summary>
    private Outcome ResolveSettlement(Resource? groupResource, Resource? topicResource, ServerCallContext context, out ConsumerGroup group)
    {
        group = null!;
        var outcome = Identify(context, out _);
        if (outcome.IsOk)
        {
            outcome = ResolveTopic(topicResource, out _);
        }

        if (outcome.IsOk)
        {
            outcome = FindGroup(groupResource, out group);
        }

        return outcome;
    }
}
