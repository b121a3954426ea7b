using VoiceAgent.Grpc;

namespace VoiceAgent.Tests.Grpc;

public sealed class GrpcBufferedWriteTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task BufferedWritesReachTheClientInOrderWithTheNextFlushingWrite()
    {
        var service = GrpcServiceDefinition.CreateBuilder()
            .AddServerStreamingMethod(TestMethods.ServerStreaming, static async (request, responses, context) =>
            {
                var buffering = Assert.IsAssignableFrom<IBufferingServerStreamWriter<string>>(responses);
                await buffering.WriteBufferedAsync("a", context.CancellationToken);
                await buffering.WriteBufferedAsync("b", context.CancellationToken);
                await responses.WriteAsync("c", context.CancellationToken);
                await buffering.WriteBufferedAsync("d", context.CancellationToken);
            })
            .Build();
        await using var server = await GrpcTestServer.StartAsync(service);
        using var channel = server.CreateChannel();

        Assert.Equal(["a", "b", "c", "d"], await ReadAllAsync(channel));
    }

    [Fact]
    public async Task ABufferedWriteIsHeldBackUntilAFlushingWrite()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var service = GrpcServiceDefinition.CreateBuilder()
            .AddServerStreamingMethod(TestMethods.ServerStreaming, async (request, responses, context) =>
            {
                await responses.WriteAsync("first", context.CancellationToken);
                await ((IBufferingServerStreamWriter<string>)responses).WriteBufferedAsync("held", context.CancellationToken);
                await release.Task.WaitAsync(Timeout, context.CancellationToken);
                await responses.WriteAsync("flushed", context.CancellationToken);
            })
            .Build();
        await using var server = await GrpcTestServer.StartAsync(service);
        using var channel = server.CreateChannel();
        using var timeout = new CancellationTokenSource(Timeout);
        using var call = channel.ServerStreaming(TestMethods.ServerStreaming, "x");

        Assert.True(await call.ResponseStream.MoveNext(timeout.Token));
        Assert.Equal("first", call.ResponseStream.Current);

        // Absence cannot be awaited: give the held message a generous moment to (wrongly) arrive.
        var next = call.ResponseStream.MoveNext(timeout.Token);
        Assert.NotSame(next, await Task.WhenAny(next, Task.Delay(TimeSpan.FromMilliseconds(500))));

        release.SetResult();
        Assert.True(await next.WaitAsync(Timeout));
        Assert.Equal("held", call.ResponseStream.Current);
        Assert.True(await call.ResponseStream.MoveNext(timeout.Token));
        Assert.Equal("flushed", call.ResponseStream.Current);
    }

    private static async Task<List<string>> ReadAllAsync(GrpcChannel channel)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        using var call = channel.ServerStreaming(TestMethods.ServerStreaming, "x");
        var received = new List<string>();
        await foreach (var item in call.ResponseStream.ReadAllAsync(timeout.Token))
        {
            received.Add(item);
        }

        Assert.Equal(GrpcStatusCode.OK, call.GetStatus().StatusCode);
        return received;
    }
}
