namespace VoiceAgent.Grpc;

/// <summary>Starts calls. <see cref="GrpcChannel"/> is the real one; tests may supply their own.</summary>
public abstract class CallInvoker
{
    public abstract AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, TRequest request, CallOptions options = default);

    public abstract AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, TRequest request, CallOptions options = default);

    public abstract AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, CallOptions options = default);

    public abstract AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, CallOptions options = default);
}
