using VoiceAgent.Grpc;

namespace VoiceAgent.Tests.Grpc;

public sealed class GrpcMessageSizeTests
{
    private const int MiB = 1024 * 1024;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static GrpcServiceDefinition SizedService() => GrpcServiceDefinition.CreateBuilder()
        .AddUnaryMethod(TestMethods.BytesUnary, static (request, context) =>
            Task.FromResult(request.Length == 4 ? new byte[BitConverter.ToInt32(request)] : request))
        .AddDuplexStreamingMethod(TestMethods.BytesDuplex, static async (requests, responses, context) =>
        {
            await foreach (var request in requests.ReadAllAsync(context.CancellationToken))
            {
                await responses.WriteAsync(request, context.CancellationToken);
            }
        })
        .Build();

    [Fact]
    public async Task MessagesUpToTheDefaultFourMiBPassBothWays()
    {
        await using var server = await GrpcTestServer.StartAsync(SizedService());
        using var channel = server.CreateChannel();
        var payload = new byte[4 * MiB];
        Random.Shared.NextBytes(payload);

        var echoed = await channel.UnaryAsync(TestMethods.BytesUnary, payload).WaitAsync(Timeout);

        Assert.Equal(payload, echoed);
    }

    [Fact]
    public async Task TheServerRejectsAnOversizedRequestWithResourceExhaustedAndStaysUsable()
    {
        await using var server = await GrpcTestServer.StartAsync(SizedService(), options => options.MaxReceiveMessageSize = 1 * MiB);
        using var channel = server.CreateChannel();

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            channel.UnaryAsync(TestMethods.BytesUnary, new byte[(1 * MiB) + 1]).WaitAsync(Timeout));

        Assert.Equal(GrpcStatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal(new byte[10], await channel.UnaryAsync(TestMethods.BytesUnary, new byte[10]).WaitAsync(Timeout));
    }

    [Fact]
    public async Task TheServerRejectsAFrameWhoseHeaderAnnouncesTooMuchBeforeTheBodyArrives()
    {
        await using var server = await GrpcTestServer.StartAsync(SizedService());
        using var raw = RawGrpcClient.Create();

        // Only the five byte prefix is sent: the server must answer from the prefix alone.
        var response = await raw.SendAsync(
            server.Address, TestMethods.BytesUnary.FullName, RawGrpcClient.Frame([], declaredLength: int.MaxValue)).WaitAsync(Timeout);

        Assert.Equal("8", response.GrpcStatus);
    }

    [Fact]
    public async Task TheClientRejectsAnOversizedResponseWithResourceExhausted()
    {
        await using var server = await GrpcTestServer.StartAsync(SizedService());
        using var channel = server.CreateChannel(new GrpcChannelOptions { MaxReceiveMessageSize = 64 * 1024 });

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            channel.UnaryAsync(TestMethods.BytesUnary, BitConverter.GetBytes(100 * 1024)).WaitAsync(Timeout));

        Assert.Equal(GrpcStatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact]
    public async Task TheClientRefusesToSendAMessageOverItsSendLimit()
    {
        var calls = 0;
        var service = GrpcServiceDefinition.CreateBuilder()
            .AddUnaryMethod(TestMethods.BytesUnary, (request, context) =>
            {
                Interlocked.Increment(ref calls);
                return Task.FromResult(request);
            })
            .Build();
        await using var server = await GrpcTestServer.StartAsync(service);
        using var channel = server.CreateChannel(new GrpcChannelOptions { MaxSendMessageSize = 1000 });

        var error = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(TestMethods.BytesUnary, new byte[1001]).WaitAsync(Timeout));

        Assert.Equal(GrpcStatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal(0, calls);
    }

    [Fact]
    public async Task AnOversizedStreamingWriteFailsTheCallWithResourceExhausted()
    {
        await using var server = await GrpcTestServer.StartAsync(SizedService());
        using var channel = server.CreateChannel(new GrpcChannelOptions { MaxSendMessageSize = 1000 });

        using var call = channel.DuplexStreaming(TestMethods.BytesDuplex);
        await call.RequestStream.WriteAsync(new byte[1000]).WaitAsync(Timeout);
        Assert.True(await call.ResponseStream.MoveNext().WaitAsync(Timeout));
        var error = await Assert.ThrowsAsync<RpcException>(() => call.RequestStream.WriteAsync(new byte[1001]).WaitAsync(Timeout));

        Assert.Equal(GrpcStatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal(GrpcStatusCode.ResourceExhausted, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task TheServerRefusesToSendAMessageOverItsSendLimit()
    {
        await using var server = await GrpcTestServer.StartAsync(SizedService(), options => options.MaxSendMessageSize = 1000);
        using var channel = server.CreateChannel();

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            channel.UnaryAsync(TestMethods.BytesUnary, BitConverter.GetBytes(1001)).WaitAsync(Timeout));

        Assert.Equal(GrpcStatusCode.ResourceExhausted, error.StatusCode);
    }
}
