namespace VoiceAgent.Grpc;

/// <summary>The response messages of a server streaming or duplex call; each write is flushed.</summary>
internal sealed class ServerResponseStreamWriter<T>(HttpContextServerCallContext call, Marshaller<T> marshaller) : IServerStreamWriter<T>
{
    public Task WriteAsync(T message, CancellationToken cancellationToken = default) =>
        call.WriteMessageAsync(marshaller, message, flush: true, cancellationToken);
}
