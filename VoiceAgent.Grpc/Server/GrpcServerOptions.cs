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
    /// apply (INTERNAL with a generic message). The exception is logged either way.
    /// </summary>
    public Func<Exception, GrpcStatus?>? ExceptionToStatus { get; set; }
}
