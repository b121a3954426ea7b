using VoiceAgent.Grpc;

namespace VoiceAgent.Tests.Grpc;

/// <summary>Peers that send part of a message and stall must not hold the server's memory for long.</summary>
public sealed class GrpcReceiveLimitTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ReceiveTimeout = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task ADuplexStreamThatStallsInTheMiddleOfAMessageEndsWithDeadlineExceeded()
    {
        await using var server = await StartAsync(ReceiveTimeout);
        using var raw = RawGrpcClient.Create();

        // The prefix announces 1,000 bytes; ten arrive, then nothing (a duplex stream has no Kestrel data rate).
        var response = await raw.SendAndStallAsync(
            server.Address, TestMethods.Duplex.FullName, RawGrpcClient.Frame(new byte[10], declaredLength: 1000)).WaitAsync(Timeout);

        Assert.Equal("4", response.GrpcStatus);
        Assert.Contains("did not arrive", response.GrpcMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AUnaryRequestThatStallsInTheMiddleOfItsMessageEndsWithDeadlineExceeded()
    {
        await using var server = await StartAsync(ReceiveTimeout);
        using var raw = RawGrpcClient.Create();

        var response = await raw.SendAndStallAsync(
            server.Address, TestMethods.Unary.FullName, RawGrpcClient.Frame(new byte[10], declaredLength: 1000)).WaitAsync(Timeout);

        Assert.Equal("4", response.GrpcStatus);
    }

    [Fact]
    public async Task AUnaryRequestWhoseStreamNeverEndsEndsWithDeadlineExceeded()
    {
        await using var server = await StartAsync(ReceiveTimeout);
        using var raw = RawGrpcClient.Create();

        // A whole message, but the request stream is never ended: the server must not keep the message waiting.
        var response = await raw.SendAndStallAsync(server.Address, TestMethods.Unary.FullName, RawGrpcClient.Frame("whole"u8)).WaitAsync(Timeout);

        Assert.Equal("4", response.GrpcStatus);
    }

    [Fact]
    public async Task APrefixAnnouncingMoreThanTheLimitIsRejectedWithoutWaitingForItsBytes()
    {
        await using var server = await StartAsync(receiveTimeout: null);
        using var raw = RawGrpcClient.Create();

        // No receive timeout, and the stream stays open: only the check of the prefix can end this call.
        var response = await raw.SendAndStallAsync(
            server.Address, TestMethods.Duplex.FullName, RawGrpcClient.Frame([], declaredLength: 100 * 1024 * 1024)).WaitAsync(Timeout);

        Assert.Equal("8", response.GrpcStatus);
    }

    [Fact]
    public async Task IdleTimeBetweenTheMessagesOfAStreamIsNotLimited()
    {
        await using var server = await StartAsync(ReceiveTimeout);
        using var channel = server.CreateChannel();

        using var call = channel.DuplexStreaming(TestMethods.Duplex);
        await call.RequestStream.WriteAsync("first").WaitAsync(Timeout);
        Assert.True(await call.ResponseStream.MoveNext().WaitAsync(Timeout));

        // Idle time is what this test is about: more than the receive timeout passes between two whole messages.
        await Task.Delay(ReceiveTimeout * 2.5);

        await call.RequestStream.WriteAsync("second").WaitAsync(Timeout);
        Assert.True(await call.ResponseStream.MoveNext().WaitAsync(Timeout));
        Assert.Equal("second", call.ResponseStream.Current);
        await call.RequestStream.CompleteAsync().WaitAsync(Timeout);
        Assert.False(await call.ResponseStream.MoveNext().WaitAsync(Timeout));
    }

    [Fact]
    public async Task ALargeMessageThatSpansManyReadsIsReceivedWithTheTimeoutOn()
    {
        await using var server = await StartAsync(TimeSpan.FromSeconds(20));
        using var channel = server.CreateChannel();

        // A 3 MiB message spans many reads on the server, each with a partial frame waiting for more.
        var payload = new byte[3 * 1024 * 1024];
        Random.Shared.NextBytes(payload);
        using var call = channel.DuplexStreaming(TestMethods.BytesDuplex);
        await call.RequestStream.WriteAsync(payload).WaitAsync(Timeout);
        Assert.True(await call.ResponseStream.MoveNext().WaitAsync(Timeout));
        Assert.Equal(payload, call.ResponseStream.Current);
        await call.RequestStream.CompleteAsync().WaitAsync(Timeout);
        Assert.False(await call.ResponseStream.MoveNext().WaitAsync(Timeout));
    }

    private static Task<GrpcTestServer> StartAsync(TimeSpan? receiveTimeout) =>
        GrpcTestServer.StartAsync(
            GrpcServiceDefinition.CreateBuilder()
                .AddUnaryMethod(TestMethods.Unary, static (request, context) => Task.FromResult(request))
                .AddDuplexStreamingMethod(TestMethods.Duplex, EchoAsync)
                .AddDuplexStreamingMethod(TestMethods.BytesDuplex, EchoAsync)
                .Build(),
            options => options.MessageReceiveTimeout = receiveTimeout);

    private static async Task EchoAsync<T>(IAsyncStreamReader<T> requests, IServerStreamWriter<T> responses, ServerCallContext context)
    {
        await foreach (var request in requests.ReadAllAsync(context.CancellationToken))
        {
            await responses.WriteAsync(request, context.CancellationToken);
        }
    }
}
