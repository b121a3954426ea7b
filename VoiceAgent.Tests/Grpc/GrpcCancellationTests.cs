using VoiceAgent.Grpc;

namespace VoiceAgent.Tests.Grpc;

public sealed class GrpcCancellationTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task CancellingTheTokenEndsTheCallWithCancelledAndResetsTheServerStream()
    {
        var (service, handlerStarted, handlerCancelled) = WaitingService();
        await using var server = await GrpcTestServer.StartAsync(service);
        using var channel = server.CreateChannel();
        using var cancellation = new CancellationTokenSource();

        var call = channel.UnaryAsync(TestMethods.Unary, "x", new CallOptions(CancellationToken: cancellation.Token));
        await handlerStarted.Task.WaitAsync(Timeout);
        await cancellation.CancelAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => call.WaitAsync(Timeout));
        Assert.Equal(GrpcStatusCode.Cancelled, error.StatusCode);
        await handlerCancelled.Task.WaitAsync(Timeout);
    }

    [Fact]
    public async Task DisposingAStreamingCallCancelsTheServerHandler()
    {
        var handlerCancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var service = GrpcServiceDefinition.CreateBuilder()
            .AddServerStreamingMethod(TestMethods.ServerStreaming, async (request, responses, context) =>
            {
                using var registration = context.CancellationToken.Register(() => handlerCancelled.TrySetResult());
                for (var i = 0; ; i++)
                {
                    await responses.WriteAsync($"m{i}", context.CancellationToken);
                    await Task.Delay(10, context.CancellationToken);
                }
            })
            .Build();
        await using var server = await GrpcTestServer.StartAsync(service);
        using var channel = server.CreateChannel();

        var call = channel.ServerStreaming(TestMethods.ServerStreaming, "x");
        Assert.True(await call.ResponseStream.MoveNext().WaitAsync(Timeout));
        call.Dispose();

        await handlerCancelled.Task.WaitAsync(Timeout);
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext().WaitAsync(Timeout));
        Assert.Equal(GrpcStatusCode.Cancelled, error.StatusCode);
    }

    [Fact]
    public async Task CancellingAReadCancelsTheWholeDuplexCall()
    {
        var (service, handlerStarted, handlerCancelled) = WaitingService();
        await using var server = await GrpcTestServer.StartAsync(service);
        using var channel = server.CreateChannel();
        using var cancellation = new CancellationTokenSource();

        using var call = channel.DuplexStreaming(TestMethods.Duplex);
        await call.RequestStream.WriteAsync("hello").WaitAsync(Timeout);
        await handlerStarted.Task.WaitAsync(Timeout);
        var read = call.ResponseStream.MoveNext(cancellation.Token);
        await cancellation.CancelAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => read.WaitAsync(Timeout));
        Assert.Equal(GrpcStatusCode.Cancelled, error.StatusCode);
        await handlerCancelled.Task.WaitAsync(Timeout);
        await Assert.ThrowsAsync<RpcException>(() => call.RequestStream.WriteAsync("after").WaitAsync(Timeout));
    }

    [Fact]
    public async Task AnAlreadyCancelledTokenFailsTheCallAtOnce()
    {
        var (service, _, _) = WaitingService();
        await using var server = await GrpcTestServer.StartAsync(service);
        using var channel = server.CreateChannel();

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            channel.UnaryAsync(TestMethods.Unary, "x", new CallOptions(CancellationToken: new CancellationToken(true))).WaitAsync(Timeout));

        Assert.Equal(GrpcStatusCode.Cancelled, error.StatusCode);
    }

    private static (GrpcServiceDefinition Service, TaskCompletionSource Started, TaskCompletionSource Cancelled) WaitingService()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async Task WaitForCancellationAsync(ServerCallContext context)
        {
            started.TrySetResult();
            try
            {
                await Task.Delay(System.Threading.Timeout.Infinite, context.CancellationToken);
            }
            catch (OperationCanceledException)
            {
                cancelled.TrySetResult();
                throw;
            }
        }

        var service = GrpcServiceDefinition.CreateBuilder()
            .AddUnaryMethod(TestMethods.Unary, async (request, context) =>
            {
                await WaitForCancellationAsync(context);
                return request;
            })
            .AddDuplexStreamingMethod(TestMethods.Duplex, async (requests, responses, context) =>
            {
                await requests.MoveNext(context.CancellationToken);
                await WaitForCancellationAsync(context);
            })
            .Build();
        return (service, started, cancelled);
    }
}
