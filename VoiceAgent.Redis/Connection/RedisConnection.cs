using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Threading.Channels;
using VoiceAgent.Redis.Protocol;

namespace VoiceAgent.Redis.Connection;

/// <summary>
/// One TCP (optionally TLS) connection to Redis. Commands taken from the shared queue are written in order by a
/// write loop; a read loop matches replies to them first-in, first-out. The connection ends at the first I/O
/// error, remote close or protocol violation, failing the commands still waiting for replies.
/// </summary>
internal sealed class RedisConnection : IAsyncDisposable
{
    // Flush at least this often while a burst of commands is being encoded.
    private const int FlushThreshold = 64 * 1024;

    private readonly Stream _stream;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly RespFrameScanner _scanner = new();
    private readonly ConcurrentQueue<IPendingCommand> _inFlight = new();
    private readonly string _endPoint;
    private Exception? _failure;

    // When a reply last arrived, or the first command was written after a quiet spell (Stopwatch timestamp).
    private long _lastProgress;
    private bool _draining;

    private RedisConnection(Stream stream, string endPoint)
    {
        _stream = stream;
        _endPoint = endPoint;
        _input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, minimumReadSize: 4 * 1024, leaveOpen: true));
        _output = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 16 * 1024, leaveOpen: true));
    }

    public int InFlightCount => _inFlight.Count;

    /// <summary>Connects, negotiates TLS when asked, then authenticates, selects the database and names the client.</summary>
    public static async Task<RedisConnection> ConnectAsync(RedisOptions options, CancellationToken cancellationToken)
    {
        var endPoint = options.EndPoints[0];
        var name = RedisOptions.Format(endPoint);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        RedisConnection? connection = null;
        try
        {
            await socket.ConnectAsync(endPoint, timeout.Token).ConfigureAwait(false);
            EnableKeepAlive(socket, options.KeepAlive);
            stream = new NetworkStream(socket, ownsSocket: true);
            if (options.Ssl)
            {
                stream = await AuthenticateTlsAsync(stream, options, endPoint, timeout.Token).ConfigureAwait(false);
            }

            connection = new RedisConnection(stream, name);
            await connection.HandshakeAsync(options, timeout.Token).ConfigureAwait(false);
            return connection;
        }
        catch (Exception exception)
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
            else if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                socket.Dispose();
            }

            throw exception switch
            {
                OperationCanceledException when cancellationToken.IsCancellationRequested => exception,
                OperationCanceledException => new RedisConnectionException(
                    $"Could not connect to Redis at {name} within {options.ConnectTimeout.TotalMilliseconds:0} ms (connectTimeout)."),
                RedisException => exception,
                AuthenticationException => new RedisConnectionException(
                    $"TLS with Redis at {name} failed: {exception.Message}", exception) { IsConfigurationError = true },
                _ => new RedisConnectionException($"Could not connect to Redis at {name}: {exception.Message}", exception),
            };
        }
    }

    /// <summary>
    /// Runs the connection until it fails, <paramref name="stop"/> fires, or the queue is completed and every reply
    /// has arrived. Returns why it ended (null after a clean drain); commands still waiting have been failed.
    /// </summary>
    public async Task<Exception?> RunAsync(ChannelReader<IPendingCommand> commands, TimeSpan unresponsiveAfter, CancellationToken stop)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop);
        Volatile.Write(ref _lastProgress, Stopwatch.GetTimestamp());
        var writing = WriteLoopAsync(commands, linked.Token);
        var reading = ReadLoopAsync(linked.Token);
        var watching = WatchAsync(unresponsiveAfter, linked.Token);

        if (await Task.WhenAny(writing, reading, watching).ConfigureAwait(false) == writing && writing.Result)
        {
            // The client is closing and every queued command has been written: collect the replies still due.
            Volatile.Write(ref _draining, true);
            _input.CancelPendingRead();
            await Task.WhenAny(reading, watching).ConfigureAwait(false);
        }

        await linked.CancelAsync().ConfigureAwait(false);
        _input.CancelPendingRead();
        await writing.ConfigureAwait(false);
        await reading.ConfigureAwait(false);
        await watching.ConfigureAwait(false);

        var failure = stop.IsCancellationRequested
            ? new ObjectDisposedException(nameof(RedisClient), "The Redis client was disposed.")
            : Volatile.Read(ref _failure);
        if (failure is null && !_inFlight.IsEmpty)
        {
            failure = new RedisConnectionException($"The connection to Redis at {_endPoint} ended.");
        }

        while (_inFlight.TryDequeue(out var command))
        {
            command.Fail(ConnectionLost(command, failure!));
        }

        return failure;
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync().ConfigureAwait(false);
        await CompleteQuietlyAsync(_output.CompleteAsync()).ConfigureAwait(false);
        await CompleteQuietlyAsync(_input.CompleteAsync()).ConfigureAwait(false);
    }

    private static async Task<Stream> AuthenticateTlsAsync(Stream stream, RedisOptions options, DnsEndPoint endPoint, CancellationToken cancellationToken)
    {
        var tls = new SslStream(stream, leaveInnerStreamOpen: false);
        await tls.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions
            {
                TargetHost = options.SslHost ?? endPoint.Host,
                RemoteCertificateValidationCallback = options.RemoteCertificateValidation,
                CertificateRevocationCheckMode = options.CheckCertificateRevocation
                    ? System.Security.Cryptography.X509Certificates.X509RevocationMode.Online
                    : System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
            },
            cancellationToken).ConfigureAwait(false);
        return tls;
    }

    private static void EnableKeepAlive(Socket socket, TimeSpan keepAlive)
    {
        if (keepAlive <= TimeSpan.Zero)
        {
            return;
        }

        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, Math.Max(1, (int)keepAlive.TotalSeconds));
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, 5);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, 3);
    }

    private static async Task CompleteQuietlyAsync(ValueTask completion)
    {
        try
        {
            await completion.ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or SocketException or OperationCanceledException)
        {
            // The stream is already gone; nothing is left to flush.
        }
    }

    private async Task HandshakeAsync(RedisOptions options, CancellationToken cancellationToken)
    {
        var steps = new List<(RedisCommand Command, RedisArgument[] Arguments)>(4);
        if (options.Password is not null)
        {
            steps.Add((RedisCommands.Auth, options.User is null ? [options.Password] : [options.User, options.Password]));
        }

        if (options.DefaultDatabase != 0)
        {
            steps.Add((RedisCommands.Select, [options.DefaultDatabase]));
        }

        if (options.ClientName is not null)
        {
            steps.Add((RedisCommands.ClientSetName, [options.ClientName]));
        }

        // PING proves the connection is usable, and reveals a server that wants a password we were not given.
        steps.Add((RedisCommands.Ping, []));

        foreach (var (command, arguments) in steps)
        {
            RespCommandWriter.Write(_output, command, arguments);
        }

        await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (command, _) in steps)
        {
            var error = await ReadHandshakeReplyAsync(cancellationToken).ConfigureAwait(false);
            if (error is not null)
            {
                throw HandshakeFailure(command, error, options);
            }
        }
    }

    private async Task<string?> ReadHandshakeReplyAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (_scanner.TryScan(buffer, out var end))
            {
                var error = ErrorOf(buffer.Slice(0, end));
                _input.AdvanceTo(end);
                return error;
            }

            _input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                throw new RedisConnectionException($"Redis at {_endPoint} closed the connection while it was being set up.");
            }
        }
    }

    private static string? ErrorOf(in ReadOnlySequence<byte> reply)
    {
        var reader = new RespReader(reply);
        return reader.PeekKind() == RedisReplyKind.Error ? reader.ReadError() : null;
    }

    private RedisConnectionException HandshakeFailure(RedisCommand command, string error, RedisOptions options)
    {
        var serverError = new RedisServerException(error);
        if (command == RedisCommands.Auth)
        {
            var who = options.User is null ? string.Empty : $" for user '{options.User}'";
            return new RedisAuthenticationException($"Redis at {_endPoint} refused the credentials{who}: {error}", serverError)
            {
                IsConfigurationError = true,
            };
        }

        if (serverError.ErrorCode == "NOAUTH")
        {
            return new RedisAuthenticationException(
                $"Redis at {_endPoint} requires authentication: put password=... (and user=... for an ACL user) in the connection string. The server said: {error}",
                serverError)
            {
                IsConfigurationError = true,
            };
        }

        var transient = serverError.ErrorCode is "LOADING" or "BUSY" or "MASTERDOWN" or "TRYAGAIN";
        return new RedisConnectionException($"Redis at {_endPoint} rejected {command.Name} while the connection was being set up: {error}", serverError)
        {
            IsConfigurationError = !transient,
        };
    }

    // Returns true when the queue was completed and everything in it written (the client is closing).
    private async Task<bool> WriteLoopAsync(ChannelReader<IPendingCommand> commands, CancellationToken cancellationToken)
    {
        try
        {
            while (await commands.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (!cancellationToken.IsCancellationRequested && commands.TryRead(out var command))
                {
                    if (!command.TryMarkWritten())
                    {
                        continue;
                    }

                    // Enqueue before the bytes can leave, so the reply always finds its command.
                    if (_inFlight.IsEmpty)
                    {
                        Volatile.Write(ref _lastProgress, Stopwatch.GetTimestamp());
                    }

                    _inFlight.Enqueue(command);
                    command.WriteTo(_output);
                    if (_output.UnflushedBytes >= FlushThreshold)
                    {
                        await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
                    }
                }

                await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception exception)
        {
            Interlocked.CompareExchange(ref _failure, exception, null);
            return false;
        }
    }

    private async Task ReadLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var result = await _input.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = result.Buffer;
                var replies = 0;
                try
                {
                    while (_scanner.TryScan(buffer, out var end))
                    {
                        if (!_inFlight.TryDequeue(out var command))
                        {
                            throw new RedisProtocolException("The server sent a reply that no command was waiting for.");
                        }

                        command.Complete(buffer.Slice(0, end));
                        buffer = buffer.Slice(end);
                        replies++;
                    }
                }
                finally
                {
                    _input.AdvanceTo(buffer.Start, buffer.End);
                }

                if (replies > 0)
                {
                    Volatile.Write(ref _lastProgress, Stopwatch.GetTimestamp());
                }

                if (Volatile.Read(ref _draining) && _inFlight.IsEmpty)
                {
                    return;
                }

                if (result.IsCompleted)
                {
                    throw new RedisConnectionException(buffer.IsEmpty
                        ? $"Redis at {_endPoint} closed the connection."
                        : $"Redis at {_endPoint} closed the connection in the middle of a reply.");
                }

                if (result.IsCanceled && cancellationToken.IsCancellationRequested)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            Interlocked.CompareExchange(ref _failure, exception, null);
        }
    }

    // Ends the connection when commands wait and nothing has come back for too long: a peer that vanished without a
    // reset (a dropped NAT entry, a frozen VM) would otherwise hold every command until TCP keep-alive gives up.
    private async Task WatchAsync(TimeSpan unresponsiveAfter, CancellationToken cancellationToken)
    {
        if (unresponsiveAfter == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        var period = TimeSpan.FromMilliseconds(Math.Clamp(unresponsiveAfter.TotalMilliseconds / 4, 10, 1000));
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!_inFlight.IsEmpty && Stopwatch.GetElapsedTime(Volatile.Read(ref _lastProgress)) > unresponsiveAfter)
                {
                    Interlocked.CompareExchange(ref _failure, new RedisConnectionException(
                        $"Redis at {_endPoint} sent no reply for {unresponsiveAfter.TotalMilliseconds:0} ms while commands were waiting; " +
                        "the connection is presumed dead."), null);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private Exception ConnectionLost(IPendingCommand command, Exception cause) => cause switch
    {
        ObjectDisposedException => new RedisConnectionException(
            $"The Redis client was disposed before the reply to {command.Command.Name} arrived. The command may have been executed.",
            cause,
            commandMayHaveExecuted: true),
        RedisProtocolException => new RedisConnectionException(
            $"The connection to Redis at {_endPoint} was reset after a protocol error, before the reply to {command.Command.Name} arrived: " +
            $"{cause.Message} The command may have been executed; it was not resent.",
            cause,
            commandMayHaveExecuted: true),
        _ => new RedisConnectionException(
            $"The connection to Redis at {_endPoint} was lost before the reply to {command.Command.Name} arrived ({cause.Message}). " +
            "The command may have been executed; it was not resent.",
            cause,
            commandMayHaveExecuted: true),
    };
}
