using System.Collections.Concurrent;
using Google.Protobuf;
using VoiceAgent.Grpc;

namespace VoiceAgent.Tests.Grpc.Interop;

/// <summary>
/// Our implementation of the interop service, with the same behaviour as interop/grpc-js/server.mjs. It records the
/// tags of calls whose handler saw its cancellation token fire, so tests can check what the server observed.
/// </summary>
internal sealed class InteropService
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _cancelled = new(StringComparer.Ordinal);

    public GrpcServiceDefinition Definition => GrpcServiceDefinition.CreateBuilder()
        .AddUnaryMethod(InteropMethods.Unary, UnaryAsync)
        .AddServerStreamingMethod(InteropMethods.ServerStream, ServerStreamAsync)
        .AddClientStreamingMethod(InteropMethods.ClientStream, ClientStreamAsync)
        .AddDuplexStreamingMethod(InteropMethods.Bidi, BidiAsync)
        .Build();

    /// <summary>Completes once the handler of the call tagged <paramref name="tag"/> has seen its cancellation.</summary>
    public Task CancellationObserved(string tag) => _cancelled.GetOrAdd(tag, static _ => NewSignal()).Task;

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task<EchoResponse> UnaryAsync(EchoRequest request, ServerCallContext context)
    {
        await EchoMetadataAsync(context);
        if (request.ThrowException)
        {
            throw new InvalidOperationException("A secret internal detail that must not reach the client.");
        }

        await DelayAsync(request, context);
        ThrowIfStatusRequested(request);
        return ResponseFor(request, context, 0);
    }

    private async Task ServerStreamAsync(EchoRequest request, IServerStreamWriter<EchoResponse> responses, ServerCallContext context)
    {
        await EchoMetadataAsync(context);
        for (var i = 0; i < request.ResponseCount; i++)
        {
            await DelayAsync(request, context);
            await responses.WriteAsync(ResponseFor(request, context, i), context.CancellationToken);
        }

        ThrowIfStatusRequested(request);
    }

    private async Task<EchoResponse> ClientStreamAsync(IAsyncStreamReader<EchoRequest> requests, ServerCallContext context)
    {
        await EchoMetadataAsync(context);
        var payload = new MemoryStream();
        var tags = new List<string>();
        await foreach (var request in requests.ReadAllAsync(context.CancellationToken))
        {
            request.Payload.WriteTo(payload);
            tags.Add(request.Tag);
        }

        return new EchoResponse
        {
            Payload = ByteString.CopyFrom(payload.ToArray()),
            Tag = string.Join(",", tags),
            Index = tags.Count,
            DeadlineRemainingMs = DeadlineRemainingMs(context),
        };
    }

    private async Task BidiAsync(IAsyncStreamReader<EchoRequest> requests, IServerStreamWriter<EchoResponse> responses, ServerCallContext context)
    {
        await EchoMetadataAsync(context);
        var index = 0;
        await foreach (var request in requests.ReadAllAsync(context.CancellationToken))
        {
            await DelayAsync(request, context);
            ThrowIfStatusRequested(request);
            await responses.WriteAsync(ResponseFor(request, context, index++), context.CancellationToken);
        }
    }

    private static async Task EchoMetadataAsync(ServerCallContext context)
    {
        if (context.RequestHeaders.GetValueBytes("x-echo-trailing-bin") is { } trailing)
        {
            context.ResponseTrailers.Add("x-echo-trailing-bin", trailing);
        }

        if (context.RequestHeaders.GetValue("x-echo-initial") is { } initial)
        {
            await context.WriteResponseHeadersAsync(new Metadata { { "x-echo-initial", initial } });
        }
    }

    private async Task DelayAsync(EchoRequest request, ServerCallContext context)
    {
        if (request.DelayMs <= 0)
        {
            return;
        }

        try
        {
            await Task.Delay(request.DelayMs, context.CancellationToken);
        }
        catch (OperationCanceledException)
        {
            _cancelled.GetOrAdd(request.Tag, static _ => NewSignal()).TrySetResult();
            throw;
        }
    }

    private static void ThrowIfStatusRequested(EchoRequest request)
    {
        if (request.StatusCode != 0)
        {
            throw new RpcException(new GrpcStatus((GrpcStatusCode)request.StatusCode, request.StatusMessage));
        }
    }

    private static EchoResponse ResponseFor(EchoRequest request, ServerCallContext context, int index) => new()
    {
        Payload = request.ResponseSize > 0 ? ByteString.CopyFrom(new byte[request.ResponseSize]) : request.Payload,
        Tag = request.Tag,
        Index = index,
        DeadlineRemainingMs = DeadlineRemainingMs(context),
    };

    private static long DeadlineRemainingMs(ServerCallContext context) =>
        context.Deadline == DateTime.MaxValue ? -1 : (long)Math.Max(0, (context.Deadline - DateTime.UtcNow).TotalMilliseconds);
}
