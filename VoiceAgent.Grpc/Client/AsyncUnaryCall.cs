using System.Runtime.CompilerServices;

namespace VoiceAgent.Grpc;

/// <summary>A unary call in progress. Await it for the response; Dispose cancels it if it has not finished.</summary>
public sealed class AsyncUnaryCall<TResponse>(
    Task<TResponse> responseAsync,
    Task<Metadata> responseHeadersAsync,
    Func<GrpcStatus> getStatus,
    Func<Metadata> getTrailers,
    Action dispose) : IDisposable
{
    public Task<TResponse> ResponseAsync { get; } = responseAsync;

    public Task<Metadata> ResponseHeadersAsync { get; } = responseHeadersAsync;

    /// <summary>The call's status; throws <see cref="InvalidOperationException"/> before the call has finished.</summary>
    public GrpcStatus GetStatus() => getStatus();

    /// <summary>The trailers; throws <see cref="InvalidOperationException"/> before the call has finished.</summary>
    public Metadata GetTrailers() => getTrailers();

    public TaskAwaiter<TResponse> GetAwaiter() => ResponseAsync.GetAwaiter();

    public void Dispose() => dispose();
}
