using VoiceAgent.Grpc;

namespace VoiceAgent.Tests.Grpc;

public sealed class GrpcDeadlineTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task DeadlineReachesTheHandlerAndCancelsItsTokenAndTheClientSeesDeadlineExceeded()
    {
        var handlerDeadline = new TaskCompletionSource<DateTime>(TaskCreationOptions.RunContinuationsAsynchronously);
        var handlerCancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var service = GrpcServiceDefinition.CreateBuilder()
            .AddUnaryMethod(TestMethods.Unary, async (request, context) =>
            {
                if (request == "warm-up")
                {
                    return request;
                }

                handlerDeadline.TrySetResult(context.Deadline);
                try
                {
                    await Task.Delay(System.Threading.Timeout.Infinite, context.CancellationToken);
                }
                catch (OperationCanceledException)
                {
                    handlerCancelled.TrySetResult();
                    throw;
                }

                return request;
            })
            .Build();
        await using var server = await GrpcTestServer.StartAsync(service);
        using var channel = server.CreateChannel();

        // Connect first, so that the short deadline cannot pass before the call reaches the server on a loaded machine.
        await channel.UnaryAsync(TestMethods.Unary, "warm-up").WaitAsync(Timeout);
        var deadline = DateTime.UtcNow.AddMilliseconds(800);
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            channel.UnaryAsync(TestMethods.Unary, "slow", new CallOptions(Deadline: deadline)).WaitAsync(Timeout));

        Assert.Equal(GrpcStatusCode.DeadlineExceeded, error.StatusCode);
        var seen = await handlerDeadline.Task.WaitAsync(Timeout);
        Assert.InRange(seen, deadline.AddSeconds(-5), deadline.AddMilliseconds(50));
        await handlerCancelled.Task.WaitAsync(Timeout);
    }

    [Fact]
    public async Task ServerEndsTheCallWithDeadlineExceededWhenTheHandlerGivesUp()
    {
        // The client sets no local deadline of its own here (a raw header), so the status must come from the server.
        var service = GrpcServiceDefinition.CreateBuilder()
            .AddServerStreamingMethod(TestMethods.ServerStreaming, async (request, responses, context) =>
            {
                await responses.WriteAsync("first");
                await Task.Delay(System.Threading.Timeout.Infinite, context.CancellationToken);
            })
            .Build();
        await using var server = await GrpcTestServer.StartAsync(service);
        using var client = RawGrpcClient.Create();

        var response = await client.SendAsync(server.Address, TestMethods.ServerStreaming.FullName, RawGrpcClient.Frame("x"u8), ("grpc-timeout", "300m")).WaitAsync(Timeout);

        Assert.Equal("4", response.GrpcStatus);
        Assert.Single(response.Messages);
    }

    [Fact]
    public async Task AnExpiredDeadlineFailsWithoutSendingTheCall()
    {
        var called = false;
        var service = GrpcServiceDefinition.CreateBuilder()
            .AddUnaryMethod(TestMethods.Unary, (request, context) =>
            {
                called = true;
                return Task.FromResult(request);
            })
            .Build();
        await using var server = await GrpcTestServer.StartAsync(service);
        using var channel = server.CreateChannel();

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            channel.UnaryAsync(TestMethods.Unary, "late", new CallOptions(Deadline: DateTime.UtcNow.AddSeconds(-1))).WaitAsync(Timeout));

        Assert.Equal(GrpcStatusCode.DeadlineExceeded, error.StatusCode);
        Assert.False(called);
    }

    [Fact]
    public async Task ACallWithoutDeadlineSeesDateTimeMaxValue()
    {
        var service = GrpcServiceDefinition.CreateBuilder()
            .AddUnaryMethod(TestMethods.Unary, (request, context) =>
                Task.FromResult(context.Deadline == DateTime.MaxValue ? "none" : "some"))
            .Build();
        await using var server = await GrpcTestServer.StartAsync(service);
        using var channel = server.CreateChannel();

        Assert.Equal("none", await channel.UnaryAsync(TestMethods.Unary, "x").WaitAsync(Timeout));
    }

    [Fact]
    public async Task ACallCancelledWhileItsDeadlineTimerIsBeingCreatedDisposesThatTimer()
    {
        using var cancellation = new CancellationTokenSource();
        var clock = new RecordingTimeProvider(onCreateTimer: cancellation.Cancel);
        using var channel = GrpcChannel.ForAddress("http://127.0.0.1:1", new GrpcChannelOptions { TimeProvider = clock });

        // The cancellation lands between the call's start and the moment its deadline timer is stored: a timer left
        // running would keep the finished call alive until the deadline.
        using var call = channel.AsyncUnaryCall(TestMethods.Unary, "x", new CallOptions(Deadline: DateTime.UtcNow.AddHours(1), CancellationToken: cancellation.Token));
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.WaitAsync(Timeout));

        Assert.Equal(GrpcStatusCode.Cancelled, error.StatusCode);
        Assert.True(Assert.Single(clock.Timers).IsDisposed);
    }
}
