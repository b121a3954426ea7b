namespace VoiceAgent.Grpc;

/// <summary>Short names for the common ways of starting calls.</summary>
public static class CallInvokerExtensions
{
    /// <summary>Makes a unary call and returns its response; a status other than OK throws <see cref="RpcException"/>.</summary>
    public static async Task<TResponse> UnaryAsync<TRequest, TResponse>(
        this CallInvoker invoker, Method<TRequest, TResponse> method, TRequest request, CallOptions options = default)
    {
        using var call = invoker.AsyncUnaryCall(method, request, options);
        return await call.ResponseAsync.ConfigureAwait(false);
    }

    public static AsyncServerStreamingCall<TResponse> ServerStreaming<TRequest, TResponse>(
        this CallInvoker invoker, Method<TRequest, TResponse> method, TRequest request, CallOptions options = default) =>
        invoker.AsyncServerStreamingCall(method, request, options);

    public static AsyncClientStreamingCall<TRequest, TResponse> ClientStreaming<TRequest, TResponse>(
        this CallInvoker invoker, Method<TRequest, TResponse> method, CallOptions options = default) =>
        invoker.AsyncClientStreamingCall(method, options);

    public static AsyncDuplexStreamingCall<TRequest, TResponse> DuplexStreaming<TRequest, TResponse>(
        this CallInvoker invoker, Method<TRequest, TResponse> method, CallOptions options = default) =>
        invoker.AsyncDuplexStreamingCall(method, options);
}
