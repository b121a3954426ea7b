namespace VoiceAgent.Grpc;

/// <summary>Settings of the gRPC server endpoints (<c>services.AddGrpcServer(o => ...)</c>).</summary>
public sealed class GrpcServerOptions
{
    /// <summary>Largest request message accepted, in bytes; null for no limit. Default 4 MiB.</summary>
    public int? MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Largest response message sent, in bytes; null (the default) for no limit.</summary>
    public int? MaxSendMessageSize { get; set; }

    /// <summary>Puts the exception's message in the status of a failed handler. Off by default: never in production.</summary>
    public bool EnableDetailedErrors { get; set; }

    /// <summary>
    /// Turns a handler's exception (other than <see cref="RpcException"/>) into a status; null lets the default
    /// apply (INTERNAL with a generic message, logged as an error). A mapped exception is an expected failure and is
    /// logged at Debug only, as is an <see cref="RpcException"/> a handler throws to end its call with a status
    /// (for example INVALID_ARGUMENT for a malformed field).
    /// </summary>
    public Func<Exception, GrpcStatus?>? ExceptionToStatus { get; set; }

    /// <summary>
    /// How long a request message may take to arrive once its first byte is in. For unary and server streaming calls
    /// it bounds the whole request (its message and the end of the request stream); for client streaming and duplex
    /// calls it bounds each message that has started, while idle time between messages stays unlimited. A call
    /// over it ends with DEADLINE_EXCEEDED. It keeps a peer that sends part of a message and stalls from pinning up
    /// to <see cref="MaxReceiveMessageSize"/> per stream. Default 30 seconds; null for no limit.
    /// </summary>
    public TimeSpan? MessageReceiveTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Idle time after which Kestrel sends an HTTP/2 PING on a connection, so that clients that vanished without
    /// closing it (a dropped NAT flow, a powered-off host) are found and their calls cancelled. Default 30 seconds;
    /// null leaves Kestrel's setting alone. Applied only when the host has not set
    /// <c>KestrelServerOptions.Limits.Http2.KeepAlivePingDelay</c> itself.
    /// </summary>
    public TimeSpan? KeepAlivePingDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long Kestrel waits for a PING's answer before it closes the connection. Default 20 seconds.</summary>
    public TimeSpan KeepAlivePingTimeout { get; set; } = TimeSpan.FromSeconds(20);
}
