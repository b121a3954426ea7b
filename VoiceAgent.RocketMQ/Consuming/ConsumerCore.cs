using Google.Protobuf.WellKnownTypes;
using VoiceAgent.RocketMQ.Protocol;
using Proto = VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.RocketMQ;

/// <summary>The consumer RPCs: receive, ack, change invisible duration, forward to the dead-letter queue.</summary>
internal sealed class ConsumerCore(ClientSession session, string consumerGroup, bool isLite)
{
    public ClientSession Session { get; } = session;

    public string ConsumerGroup { get; } = consumerGroup;

    public Proto.Resource Group { get; } = session.ToResource(consumerGroup);

    /// <summary>Lite consumers name the lite topic of every message they settle.</summary>
    public bool IsLite { get; } = isLite;

    public async Task<ReceiveResult> ReceiveAsync(
        MessageQueueInfo queue,
        Proto.FilterExpression filter,
        int batchSize,
        TimeSpan? invisibleDuration,
        TimeSpan longPollingTimeout,
        string? attemptId,
        CancellationToken cancellationToken)
    {
        var request = new ReceiveMessageRequest
        {
            Group = Group,
            MessageQueue = queue.Protobuf,
            FilterExpression = filter,
            BatchSize = batchSize,
            AutoRenew = invisibleDuration is null,
            LongPollingTimeout = Duration.FromTimeSpan(longPollingTimeout),
        };

        if (invisibleDuration is { } invisible)
        {
            request.InvisibleDuration = Duration.FromTimeSpan(invisible);
        }

        if (attemptId is not null)
        {
            request.AttemptId = attemptId;
        }

        using var activity = RocketMQActivities.StartReceive(queue.Topic, Session.ClientId, ConsumerGroup);
        try
        {
            var result = await Session.ReceiveAsync(queue.Endpoints, request, longPollingTimeout + Session.Options.RequestTimeout, cancellationToken)
                .ConfigureAwait(false);
            activity?.SetTag("messaging.batch.message_count", result.Messages.Count);
            if (result.Messages.Count > 0)
            {
                RocketMQMetrics.RecordDeliveryLatency(queue.Topic, Session.ClientId, ConsumerGroup, result.DeliveredAt);
            }

            return result;
        }
        catch (Exception e)
        {
            RocketMQActivities.SetError(activity, e);
            throw;
        }
    }

    public async Task AckAsync(MessageView message, CancellationToken cancellationToken)
    {
        var entry = new AckMessageEntry { MessageId = message.MessageId, ReceiptHandle = message.ReceiptHandle };
        if (IsLite && message.LiteTopic is not null)
        {
            entry.LiteTopic = message.LiteTopic;
        }

        var request = new AckMessageRequest { Group = Group, Topic = Session.ToResource(message.Topic) };
        request.Entries.Add(entry);
        await Session.CallAsync(message.Endpoints, MessagingService.AckMessage, request, AckStatusOf, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Changes the invisible time and keeps the new receipt handle in <paramref name="message"/>.</summary>
    public async Task ChangeInvisibleDurationAsync(MessageView message, TimeSpan duration, bool suspend, CancellationToken cancellationToken)
    {
        var request = new ChangeInvisibleDurationRequest
        {
            Group = Group,
            Topic = Session.ToResource(message.Topic),
            ReceiptHandle = message.ReceiptHandle,
            InvisibleDuration = Duration.FromTimeSpan(duration),
            MessageId = message.MessageId,
        };

        if (IsLite && message.LiteTopic is not null)
        {
            request.LiteTopic = message.LiteTopic;
        }

        if (suspend)
        {
            request.Suspend = true;
        }

        var response = await Session.CallAsync(message.Endpoints, MessagingService.ChangeInvisibleDuration, request, r => r.Status, cancellationToken)
            .ConfigureAwait(false);
        if (response.ReceiptHandle.Length > 0)
        {
            message.ReceiptHandle = response.ReceiptHandle;
        }
    }

    public async Task ForwardToDeadLetterQueueAsync(MessageView message, int maxDeliveryAttempts, CancellationToken cancellationToken)
    {
        var request = new ForwardMessageToDeadLetterQueueRequest
        {
            Group = Group,
            Topic = Session.ToResource(message.Topic),
            ReceiptHandle = message.ReceiptHandle,
            MessageId = message.MessageId,
            DeliveryAttempt = message.DeliveryAttempt,
            MaxDeliveryAttempts = maxDeliveryAttempts,
        };

        if (IsLite && message.LiteTopic is not null)
        {
            request.LiteTopic = message.LiteTopic;
        }

        await Session.CallAsync(message.Endpoints, MessagingService.ForwardMessageToDeadLetterQueue, request, r => r.Status, cancellationToken)
            .ConfigureAwait(false);
    }

    private static Proto.Status? AckStatusOf(AckMessageResponse response)
    {
        foreach (var entry in response.Entries)
        {
            if (entry.Status is { } status && status.Code != Code.Ok)
            {
                return status;
            }
        }

        return response.Status;
    }
}
