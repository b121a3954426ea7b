namespace VoiceAgent.Grpc;

/// <summary>The request messages of a client streaming or duplex call, read from the request body.</summary>
internal sealed class ServerRequestStreamReader<T>(HttpContextServerCallContext call, Marshaller<T> marshaller) : IAsyncStreamReader<T>
{
    private static readonly Task<bool> True = Task.FromResult(true);
    private static readonly Task<bool> False = Task.FromResult(false);

    public T Current { get; private set; } = default!;

    /// <summary>Needs no allocation when the next message has already arrived.</summary>
    public Task<bool> MoveNext(CancellationToken cancellationToken = default)
    {
        var reading = call.ReadMessageAsync(marshaller, cancellationToken);
        return reading.IsCompletedSuccessfully ? Accept(reading.Result) : AwaitAsync(reading);
    }

    private Task<bool> Accept((bool HasMessage, T? Message) result)
    {
        if (!result.HasMessage)
        {
            return False;
        }

        Current = result.Message!;
        return True;
    }

    private async Task<bool> AwaitAsync(ValueTask<(bool HasMessage, T? Message)> reading) =>
        await Accept(await reading.ConfigureAwait(false)).ConfigureAwait(false);
}
