using VoiceAgent.Grpc;

namespace VoiceAgent.Tests.Grpc;

/// <summary>Code that takes a <see cref="CallInvoker"/> can be tested without a server.</summary>
public sealed class CallInvokerFakeTests
{
    [Fact]
    public async Task AFakeInvokerServesUnaryAndStreamingCallsThroughTheSameExtensions()
    {
        CallInvoker invoker = new FakeInvoker();

        Assert.Equal("fake:x", await invoker.UnaryAsync(TestMethods.Unary, "x").WaitAsync(TimeSpan.FromSeconds(5)));
        using var call = invoker.ServerStreaming(TestMethods.ServerStreaming, "y");
        Assert.True(await call.ResponseStream.MoveNext().WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal("fake:y", call.ResponseStream.Current);
        Assert.Equal(GrpcStatusCode.OK, call.GetStatus().StatusCode);
    }

    private sealed class FakeInvoker : CallInvoker
    {
        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
            Method<TRequest, TResponse> method, TRequest request, CallOptions options = default) =>
            new(Task.FromResult((TResponse)(object)$"fake:{request}"), Task.FromResult(new Metadata()), () => GrpcStatus.Ok, () => [], () => { });

        public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
            Method<TRequest, TResponse> method, TRequest request, CallOptions options = default) =>
            new(new OneMessage<TResponse>((TResponse)(object)$"fake:{request}"), Task.FromResult(new Metadata()), () => GrpcStatus.Ok, () => [], () => { });

        public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(
            Method<TRequest, TResponse> method, CallOptions options = default) => throw new NotSupportedException();

        public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(
            Method<TRequest, TResponse> method, CallOptions options = default) => throw new NotSupportedException();
    }

    private sealed class OneMessage<T>(T message) : IAsyncStreamReader<T>
    {
        private bool _read;

        public T Current { get; private set; } = default!;

        public Task<bool> MoveNext(CancellationToken cancellationToken = default)
        {
            if (_read)
            {
                return Task.FromResult(false);
            }

            _read = true;
            Current = message;
            return Task.FromResult(true);
        }
    }
}
