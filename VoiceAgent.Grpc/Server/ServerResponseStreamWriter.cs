namespace VoiceAgent.Grpc;

/// <summary>The response messages of a server streaming or duplex call; each write is flushed unless it asks not to be.</summary>
internal sealed class ServerResponseStreamWriter<T>(HttpContextServerCallContext call, Marshaller<T> marshaller) : IBufferingServerStreamWriter<T>
{
    public Task WriteAsync(T message, CancellationToken cancellationToken = default) =>
        call.WriteMessageAsync(marshaller, message, flush: true, cancellationToken);

    public Task WriteBufferedAsync(T message, CancellationToken cancellationToken = default) =>
        call.WriteMessageAsync(marshaller, message, flush: false, cancellationToken);
}
