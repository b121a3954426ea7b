using Google.Protobuf;
using VoiceAgent.Grpc;

namespace VoiceAgent.Tests.Grpc.Interop;

/// <summary>Our client (GrpcChannel) calling a @grpc/grpc-js server.</summary>
public sealed class GrpcJsServerInteropTests(GrpcJsServerFixture grpcJs) : IClassFixture<GrpcJsServerFixture>, IDisposable
{
    private const int MiB = 1024 * 1024;
    private const string NonAscii = "Fehlgeschlagen: ünïcödé 语音 100% done\t(tab)";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly GrpcChannel _channel = GrpcChannel.ForAddress(grpcJs.Address);

    public void Dispose() => _channel.Dispose();

    [Fact]
    public async Task UnaryCallReturnsTheEchoedPayload()
    {
        var response = await _channel.UnaryAsync(InteropMethods.Unary, Request("unary", "hello")).WaitAsync(Timeout);

        Assert.Equal("hello", response.Payload.ToStringUtf8());
        Assert.Equal(-1, response.DeadlineRemainingMs);
    }

    [Fact]
    public async Task MetadataTravelsBothWays()
    {
        var trailerBytes = new byte[] { 0, 1, 2, 0xFE, 0xFF };
        var headers = new Metadata { { "x-echo-initial", "initial value" }, { "x-echo-trailing-bin", trailerBytes } };

        using var call = _channel.AsyncUnaryCall(InteropMethods.Unary, Request("metadata", "m"), new CallOptions(headers));
        await call.ResponseAsync.WaitAsync(Timeout);

        Assert.Equal("initial value", (await call.ResponseHeadersAsync.WaitAsync(Timeout)).GetValue("x-echo-initial"));
        Assert.Equal(trailerBytes, call.GetTrailers().GetValueBytes("x-echo-trailing-bin"));
    }

    [Fact]
    public async Task NonAsciiStatusMessageAndErrorTrailersArrive()
    {
        var request = Request("status", string.Empty);
        request.StatusCode = (int)GrpcStatusCode.FailedPrecondition;
        request.StatusMessage = NonAscii;
        var headers = new Metadata { { "x-echo-trailing-bin", "on error"u8.ToArray() } };

        var error = await Assert.ThrowsAsync<RpcException>(() => _channel.UnaryAsync(InteropMethods.Unary, request, new CallOptions(headers)).WaitAsync(Timeout));

        Assert.Equal(GrpcStatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal(NonAscii, error.Status.Detail);
        Assert.Equal("on error"u8.ToArray(), error.Trailers.GetValueBytes("x-echo-trailing-bin"));
    }

    [Fact]
    public async Task ServerStreamingDeliversEveryMessage()
    {
        var request = Request("stream", string.Empty);
        request.ResponseCount = 5;
        request.ResponseSize = 100;

        using var call = _channel.ServerStreaming(InteropMethods.ServerStream, request);
        var indexes = new List<int>();
        while (await call.ResponseStream.MoveNext().WaitAsync(Timeout))
        {
            Assert.Equal(100, call.ResponseStream.Current.Payload.Length);
            indexes.Add(call.ResponseStream.Current.Index);
        }

        Assert.Equal([0, 1, 2, 3, 4], indexes);
        Assert.Equal(GrpcStatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task ClientStreamingSendsEveryMessage()
    {
        using var call = _channel.ClientStreaming(InteropMethods.ClientStream);
        foreach (var (payload, tag) in new[] { ("a", "x"), ("bb", "y"), ("ccc", "z") })
        {
            await call.RequestStream.WriteAsync(Request(tag, payload)).WaitAsync(Timeout);
        }

        await call.RequestStream.CompleteAsync().WaitAsync(Timeout);
        var response = await call.ResponseAsync.WaitAsync(Timeout);

        Assert.Equal("abbccc", response.Payload.ToStringUtf8());
        Assert.Equal("x,y,z", response.Tag);
    }

    [Fact]
    public async Task BidiStreamingPingPongs()
    {
        using var call = _channel.DuplexStreaming(InteropMethods.Bidi);
        for (var i = 0; i < 10; i++)
        {
            await call.RequestStream.WriteAsync(Request("bidi", $"ping {i}")).WaitAsync(Timeout);
            Assert.True(await call.ResponseStream.MoveNext().WaitAsync(Timeout));
            Assert.Equal($"ping {i}", call.ResponseStream.Current.Payload.ToStringUtf8());
        }

        await call.RequestStream.CompleteAsync().WaitAsync(Timeout);
        Assert.False(await call.ResponseStream.MoveNext().WaitAsync(Timeout));
        Assert.Equal(GrpcStatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task DeadlineExceededIsSeenByOurClientAndByTheGrpcJsServer()
    {
        var tag = NewTag();
        var request = Request(tag, string.Empty);
        request.DelayMs = 20_000;

        // Connect first, so that the short deadline cannot pass before the call reaches the server on a loaded machine.
        await _channel.UnaryAsync(InteropMethods.Unary, Request(NewTag(), "warm-up")).WaitAsync(Timeout);
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _channel.UnaryAsync(InteropMethods.Unary, request, new CallOptions(Deadline: DateTime.UtcNow.AddSeconds(1))).WaitAsync(Timeout));

        Assert.Equal(GrpcStatusCode.DeadlineExceeded, error.StatusCode);
        await grpcJs.CancellationObserved(tag).WaitAsync(Timeout);
    }

    [Fact]
    public async Task DeadlineIsPropagatedToTheGrpcJsServer()
    {
        var response = await _channel.UnaryAsync(
            InteropMethods.Unary, Request(NewTag(), string.Empty), new CallOptions(Deadline: DateTime.UtcNow.AddSeconds(60))).WaitAsync(Timeout);

        Assert.InRange(response.DeadlineRemainingMs, 1_000, 60_000);
    }

    [Fact]
    public async Task CancellingOurCallCancelsTheGrpcJsHandler()
    {
        var tag = NewTag();
        var request = Request(tag, string.Empty);
        request.ResponseCount = 1000;
        request.DelayMs = 50;
        using var cancellation = new CancellationTokenSource();

        using var call = _channel.ServerStreaming(InteropMethods.ServerStream, request, new CallOptions(CancellationToken: cancellation.Token));
        Assert.True(await call.ResponseStream.MoveNext().WaitAsync(Timeout));
        await cancellation.CancelAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext().WaitAsync(Timeout));
        Assert.Equal(GrpcStatusCode.Cancelled, error.StatusCode);
        await grpcJs.CancellationObserved(tag).WaitAsync(Timeout);
    }

    [Fact]
    public async Task ThreeMiBMessagesPassBothWays()
    {
        var request = Request(NewTag(), string.Empty);
        request.Payload = ByteString.CopyFrom(new byte[3 * MiB]);
        request.ResponseSize = 3 * MiB;

        var response = await _channel.UnaryAsync(InteropMethods.Unary, request).WaitAsync(Timeout);

        Assert.Equal(3 * MiB, response.Payload.Length);
    }

    [Fact]
    public async Task FiveMiBResponseIsRejectedByOurClientWithResourceExhausted()
    {
        var request = Request(NewTag(), string.Empty);
        request.ResponseSize = 5 * MiB;

        var error = await Assert.ThrowsAsync<RpcException>(() => _channel.UnaryAsync(InteropMethods.Unary, request).WaitAsync(Timeout));

        Assert.Equal(GrpcStatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact]
    public async Task FiveMiBRequestIsRejectedByGrpcJsWithResourceExhausted()
    {
        var request = Request(NewTag(), string.Empty);
        request.Payload = ByteString.CopyFrom(new byte[5 * MiB]);

        var error = await Assert.ThrowsAsync<RpcException>(() => _channel.UnaryAsync(InteropMethods.Unary, request).WaitAsync(Timeout));

        Assert.Equal(GrpcStatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact]
    public async Task UnimplementedMethodGivesUnimplemented()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _channel.UnaryAsync(InteropMethods.Unimplemented, Request(NewTag(), string.Empty)).WaitAsync(Timeout));

        Assert.Equal(GrpcStatusCode.Unimplemented, error.StatusCode);
    }

    private static string NewTag() => Guid.NewGuid().ToString("N");

    private static EchoRequest Request(string tag, string payload) => new() { Tag = tag, Payload = ByteString.CopyFromUtf8(payload) };
}
