namespace VoiceAgent.Grpc;

/// <summary>A server streaming call: read <see cref="ResponseStream"/> to its end; Dispose cancels the call if it has not finished.</summary>
public sealed class AsyncServerStreamingCall<TResponse>(
    IAsyncStreamReader<TResponse> responseStream,
    Task<Metadata> responseHeadersAsync,
    Func<GrpcStatus> getStatus,
    Func<Metadata> getTrailers,
    Action dispose) : IDisposable
{
    /// <summary>The responses; MoveNext throws <see cref="RpcException"/> when the call ends with a status other than OK.</summary>
    public IAsyncStreamReader<TResponse> ResponseStream { get; } = responseStream;

    public Task<Metadata> ResponseHeadersAsync { get; } = responseHeadersAsync;

    public GrpcStatus GetStatus() => getStatus();

    public Metadata GetTrailers() => getTrailers();

    public void Dispose() => dispose();
}
