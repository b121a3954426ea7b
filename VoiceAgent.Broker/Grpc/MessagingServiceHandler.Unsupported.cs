using VoiceAgent.Grpc;
using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.Broker.Grpc;

internal sealed partial class MessagingServiceHandler
{
    private async Task PullMessage(PullMessageRequest request, IServerStreamWriter<PullMessageResponse> responses, ServerCallContext context)
    {
        var outcome = Authenticate(context);
        var status = outcome.IsOk ? Unsupported("PullMessage (pull consumers)").ToStatus() : outcome.ToStatus();
        await responses.WriteAsync(new PullMessageResponse { Status = status }, context.CancellationToken).ConfigureAwait(false);
    }

    private Task<UpdateOffsetResponse> UpdateOffset(UpdateOffsetRequest request, ServerCallContext context) =>
        Task.FromResult(new UpdateOffsetResponse { Status = RefuseUnsupported(context, "UpdateOffset (pull consumers)") });

    private Task<GetOffsetResponse> GetOffset(GetOffsetRequest request, ServerCallContext context) =>
        Task.FromResult(new GetOffsetResponse { Status = RefuseUnsupported(context, "GetOffset (pull consumers)") });

    private Task<QueryOffsetResponse> QueryOffset(QueryOffsetRequest request, ServerCallContext context) =>
        Task.FromResult(new QueryOffsetResponse { Status = RefuseUnsupported(context, "QueryOffset (pull consumers)") });

    private Task<EndTransactionResponse> EndTransaction(EndTransactionRequest request, ServerCallContext context) =>
        Task.FromResult(new EndTransactionResponse { Status = RefuseUnsupported(context, "EndTransaction (transactional messages)") });

    private Task<RecallMessageResponse> RecallMessage(RecallMessageRequest request, ServerCallContext context) =>
        Task.FromResult(new RecallMessageResponse { Status = RefuseUnsupported(context, "RecallMessage") });

    private Status RefuseUnsupported(ServerCallContext context, string what)
    {
        var outcome = Authenticate(context);
        return outcome.IsOk ? Unsupported(what).ToStatus() : outcome.ToStatus();
    }
}
