using System.Collections.Concurrent;
using System.Net;
using System.Reflection;
using VoiceAgent.Grpc.Internal;

namespace VoiceAgent.Grpc;

/// <summary>
/// A connection pool to one gRPC server over HTTP/2: <c>http://</c> is cleartext HTTP/2 with prior knowledge (h2c),
/// <c>https://</c> is TLS with ALPN h2. Thread safe; create one per server and share it.
/// </summary>
public sealed class GrpcChannel : CallInvoker, IDisposable
{
    private readonly HttpMessageInvoker _invoker;
    private readonly ConcurrentDictionary<string, Uri> _methodUris = new(StringComparer.Ordinal);
    private volatile bool _disposed;

    private GrpcChannel(Uri address, GrpcChannelOptions options)
    {
        Address = address;
        MaxReceiveMessageSize = options.MaxReceiveMessageSize;
        MaxSendMessageSize = options.MaxSendMessageSize;
        TimeProvider = options.TimeProvider;
        _invoker = options.HttpHandler is { } handler
            ? new HttpMessageInvoker(handler, options.DisposeHttpHandler)
            : new HttpMessageInvoker(CreateHandler(options), disposeHandler: true);
    }

    /// <summary>The server's address, <c>http://host:port</c> or <c>https://host:port</c>.</summary>
    public Uri Address { get; }

    internal static string UserAgent { get; } =
        $"grpc-dotnet-voiceagent/{typeof(GrpcChannel).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "1.0"}";

    internal int? MaxReceiveMessageSize { get; }

    internal int? MaxSendMessageSize { get; }

    internal TimeProvider TimeProvider { get; }

    internal HttpMessageInvoker HttpInvoker
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _invoker;
        }
    }

    public static GrpcChannel ForAddress(string address, GrpcChannelOptions? options = null) =>
        ForAddress(new Uri(address, UriKind.Absolute), options);

    public static GrpcChannel ForAddress(Uri address, GrpcChannelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!address.IsAbsoluteUri || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"A gRPC address must be an absolute http:// or https:// URI, not '{address}'.", nameof(address));
        }

        return new GrpcChannel(address, options ?? new GrpcChannelOptions());
    }

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, TRequest request, CallOptions options = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var call = new GrpcCall<TRequest, TResponse>(this, method, options);
        call.StartWithMessage(request);
        return new AsyncUnaryCall<TResponse>(call.ReadUnaryResponseAsync(), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, TRequest request, CallOptions options = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var call = new GrpcCall<TRequest, TResponse>(this, method, options);
        call.StartWithMessage(request);
        return new AsyncServerStreamingCall<TResponse>(call.ResponseStream, call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, CallOptions options = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var call = new GrpcCall<TRequest, TResponse>(this, method, options);
        call.StartStreaming();
        return new AsyncClientStreamingCall<TRequest, TResponse>(
            call.RequestStream, call.ReadUnaryResponseAsync(), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, CallOptions options = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var call = new GrpcCall<TRequest, TResponse>(this, method, options);
        call.StartStreaming();
        return new AsyncDuplexStreamingCall<TRequest, TResponse>(
            call.RequestStream, call.ResponseStream, call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _invoker.Dispose();
    }

    internal Uri GetMethodUri(string fullName) =>
        _methodUris.GetOrAdd(fullName, static (name, address) => new Uri(address, address.AbsolutePath.TrimEnd('/') + name), Address);

    private static SocketsHttpHandler CreateHandler(GrpcChannelOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = options.EnableMultipleHttp2Connections,
            KeepAlivePingDelay = options.KeepAlivePingDelay,
            KeepAlivePingTimeout = options.KeepAlivePingTimeout,
            KeepAlivePingPolicy = options.KeepAlivePingPolicy,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            ConnectTimeout = options.ConnectTimeout,
            AutomaticDecompression = DecompressionMethods.None,
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
        };

        if (options.SslOptions is { } ssl)
        {
            handler.SslOptions = ssl;
        }

        return handler;
    }
}
