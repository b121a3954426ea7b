namespace VoiceAgent.Grpc;

/// <summary>Reads the messages of a stream one at a time.</summary>
public interface IAsyncStreamReader<out T>
{
    T Current { get; }

    Task<bool> MoveNext(CancellationToken cancellationToken = default);
}

/// <summary>Writes messages to a stream; one write at a time.</summary>
public interface IAsyncStreamWriter<in T>
{
    Task WriteAsync(T message, CancellationToken cancellationToken = default);
}

public interface IClientStreamWriter<in T> : IAsyncStreamWriter<T>
{
    /// <summary>Ends the request stream (half-close).</summary>
    Task CompleteAsync();
}

public interface IServerStreamWriter<in T> : IAsyncStreamWriter<T>;

/// <summary>
/// A server stream that can hold messages back: <see cref="WriteBufferedAsync"/> does not flush, so that a batch
/// goes out with the next <see cref="IAsyncStreamWriter{T}.WriteAsync"/> (which flushes) in as few frames as possible.
/// </summary>
public interface IBufferingServerStreamWriter<in T> : IServerStreamWriter<T>
{
    /// <summary>Writes <paramref name="message"/> without flushing; the next flushing write, or the end of the call, sends it.</summary>
    Task WriteBufferedAsync(T message, CancellationToken cancellationToken = default);
}
