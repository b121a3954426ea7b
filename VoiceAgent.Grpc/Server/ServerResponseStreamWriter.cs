namespace VoiceAgent.Grpc;

/// <summary>The response messages of a server streaming or duplex call; each write is flushed.</summary>
internal sealed class ServerResponseStreamWriter<T>(HttpContextServerCallContext call, Marshaller<T> marshaller) : IServerStreamWriter<T>
{
    private bool _writing;

    public async Task WriteAsync(T message, CancellationToken cancellationToken = default)
    {
        if (_writing)
        {
            throw new InvalidOperationException("A write is already in progress; wait for it before writing again.");
        }

        _writing = true;
        try
        {
            await call.WriteMessageAsync(marshaller, message, flush: true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writing = false;
        }
    }
}
