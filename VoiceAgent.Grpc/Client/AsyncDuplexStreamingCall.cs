namespace VoiceAgent.Grpc;

/// <summary>A bidirectional streaming call. Both streams run independently; Dispose cancels the call if it has not finished.</summary>
public sealed class AsyncDuplexStreamingCall<TRequest, TResponse>(
    IClientStreamWriter<TRequest> requestStream,
    IAsyncStreamReader<TResponse> responseStream,
    Task<Metadata> responseHeadersAsync,
    Func<GrpcStatus> getStatus,
    Func<Metadata> getTrailers,
    Action dispose) : IDisposable
{
    /// <summary>Each write is sent and flushed at once; <see cref="IClientStreamWriter{T}.CompleteAsync"/> half-closes.</summary>
    public IClientStreamWriter<TRequest> RequestStream { get; } = requestStream;

    /// <summary>The responses; MoveNext throws <see cref="RpcException"/> when the call ends with a status other than OK.</summary>
    public IAsyncStreamReader<TResponse> ResponseStream { get; } = responseStream;

    public Task<Metadata> ResponseHeadersAsync { get; } = responseHeadersAsync;

    public GrpcStatus GetStatus() => getStatus();

    public Metadata GetTrailers() => getTrailers();

    public void Dispose() => dispose();
}
