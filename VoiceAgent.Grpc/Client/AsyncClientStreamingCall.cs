using System.Runtime.CompilerServices;

namespace VoiceAgent.Grpc;

/// <summary>A client streaming call: write requests, complete the request stream, then await the single response.</summary>
public sealed class AsyncClientStreamingCall<TRequest, TResponse>(
    IClientStreamWriter<TRequest> requestStream,
    Task<TResponse> responseAsync,
    Task<Metadata> responseHeadersAsync,
    Func<GrpcStatus> getStatus,
    Func<Metadata> getTrailers,
    Action dispose) : IDisposable
{
    public IClientStreamWriter<TRequest> RequestStream { get; } = requestStream;

    public Task<TResponse> ResponseAsync { get; } = responseAsync;

    public Task<Metadata> ResponseHeadersAsync { get; } = responseHeadersAsync;

    public GrpcStatus GetStatus() => getStatus();

    public Metadata GetTrailers() => getTrailers();

    public TaskAwaiter<TResponse> GetAwaiter() => ResponseAsync.GetAwaiter();

    public void Dispose() => dispose();
}
