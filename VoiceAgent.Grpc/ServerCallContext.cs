using Microsoft.AspNetCore.Http;

namespace VoiceAgent.Grpc;

/// <summary>What a server handler knows about the call it serves.</summary>
public abstract class ServerCallContext
{
    /// <summary>The full method name, <c>/package.Service/Method</c>.</summary>
    public abstract string Method { get; }

    /// <summary>The remote address, as <c>ipv4:host:port</c> or <c>ipv6:[host]:port</c>.</summary>
    public abstract string Peer { get; }

    /// <summary>The caller's deadline, or <see cref="DateTime.MaxValue"/> when it set none.</summary>
    public abstract DateTime Deadline { get; }

    public abstract Metadata RequestHeaders { get; }

    /// <summary>
    /// The last text value of the request header <paramref name="key"/>, or null; the same answer as
    /// <c>RequestHeaders.GetValue(key)</c>, but on the server it reads the HTTP headers directly instead of building
    /// <see cref="RequestHeaders"/> (for handlers that read a few headers on every call).
    /// </summary>
    public virtual string? GetRequestHeader(string key) => RequestHeaders.GetValue(key);

    /// <summary>Cancelled when the caller cancels, the deadline passes or the connection drops.</summary>
    public abstract CancellationToken CancellationToken { get; }

    public abstract Metadata ResponseTrailers { get; }

    /// <summary>The status sent when the handler returns; OK unless the handler sets it.</summary>
    public abstract GrpcStatus Status { get; set; }

    public abstract Task WriteResponseHeadersAsync(Metadata responseHeaders);

    public abstract HttpContext GetHttpContext();
}
