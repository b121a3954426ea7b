using VoiceAgent.Broker.Diagnostics;
using VoiceAgent.Grpc;
using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.Broker.Grpc;

internal sealed partial class MessagingServiceHandler
{
    private const int MaxMessagesPerSend = 1024;

    private Task<SendMessageResponse> SendMessage(SendMessageRequest request, ServerCallContext context)
    {
        var outcome = Authenticate(context);
        if (outcome.IsOk && request.Messages.Count == 0)
        {
            outcome = new Outcome(Code.BadRequest, "A send needs at least one message.");
        }

        if (outcome.IsOk && request.Messages.Count > MaxMessagesPerSend)
        {
            outcome = new Outcome(Code.BadRequest, $"A send carries at most {MaxMessagesPerSend} messages.");
        }

        if (outcome.IsOk && request.Messages.Any(message => message.Topic?.Name != request.Messages[0].Topic?.Name))
        {
            outcome = new Outcome(Code.BadRequest, "The messages of one send must all go to the same topic.");
        }

        if (!outcome.IsOk)
        {
            return Task.FromResult(new SendMessageResponse { Status = outcome.ToStatus() });
        }

        var response = new SendMessageResponse();
        Status? failure = null;
        var spans = BrokerActivities.StartStore(request.Messages);
        var entries = _core.Writer.WriteBatch(request.Messages);
        BrokerActivities.StopStore(spans, request.Messages, entries);
        foreach (var entry in entries)
        {
            response.Entries.Add(entry);
            if (entry.Status.Code != Code.Ok)
            {
                failure ??= entry.Status;
            }
        }

        response.Status = failure ?? Outcome.Ok.ToStatus();
        return Task.FromResult(response);
    }
}
