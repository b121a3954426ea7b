namespace VoiceAgent.Grpc;

/// <summary>The request messages of a client streaming or duplex call, read from the request body.</summary>
internal sealed class ServerRequestStreamReader<T>(HttpContextServerCallContext call, Marshaller<T> marshaller) : IAsyncStreamReader<T>
{
    private bool _reading;

    public T Current { get; private set; } = default!;

    public async Task<bool> MoveNext(CancellationToken cancellationToken = default)
    {
        if (_reading)
        {
            throw new InvalidOperationException("A read is already in progress; wait for it before reading again.");
        }

        _reading = true;
        try
        {
            var (hasMessage, message) = await call.ReadMessageAsync(marshaller, cancellationToken).ConfigureAwait(false);
            if (hasMessage)
            {
                Current = message!;
            }

            return hasMessage;
        }
        finally
        {
            _reading = false;
        }
    }
}
