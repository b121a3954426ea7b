using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using VoiceAgent.Redis.Connection;
using VoiceAgent.Redis.Diagnostics;
using VoiceAgent.Redis.Protocol;

namespace VoiceAgent.Redis;

/// <summary>
/// A Redis client over one multiplexed connection: any number of concurrent callers share it, their commands are
/// pipelined in call order and replies are matched first-in, first-out. The connection is re-established with
/// backoff when lost; commands that were in flight then fail with <see cref="RedisConnectionException"/> and are
/// never resent. Thread-safe; create one per endpoint and share it.
/// </summary>
public sealed partial class RedisClient : IAsyncDisposable, IDisposable
{
    private readonly Channel<IPendingCommand> _queue;
    private readonly ConnectionSupervisor _supervisor;
    private readonly RedisTelemetry _telemetry;
    private readonly TimeSpan _commandTimeout;
    private int _disposed;

    /// <summary>Creates the client and starts connecting in the background; commands wait for the connection.</summary>
    public RedisClient(RedisOptions options, ILoggerFactory? loggerFactory = null, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _commandTimeout = options.CommandTimeout;
        _queue = Channel.CreateBounded<IPendingCommand>(new BoundedChannelOptions(options.MaxQueuedCommands)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _telemetry = new RedisTelemetry(options, meterFactory);
        var logger = (ILogger?)loggerFactory?.CreateLogger<RedisClient>() ?? NullLogger.Instance;
        _supervisor = new ConnectionSupervisor(options, _queue.Reader, logger, _telemetry);
        _supervisor.Start();
    }

    /// <summary>Creates the client from a StackExchange.Redis/Aspire connection string (see <see cref="RedisOptions.Parse"/>).</summary>
    public RedisClient(string connectionString, ILoggerFactory? loggerFactory = null, IMeterFactory? meterFactory = null)
        : this(RedisOptions.Parse(connectionString), loggerFactory, meterFactory)
    {
    }

    /// <summary><c>host:port</c> of the server this client talks to.</summary>
    public string EndPoint => _supervisor.EndPoint;

    public bool IsConnected => _supervisor.IsConnected;

    /// <summary>
    /// Creates a client and waits until it has connected and answered PING; throws the connection failure
    /// (for instance <see cref="RedisAuthenticationException"/>) when it cannot within the command timeout.
    /// </summary>
    public static async Task<RedisClient> ConnectAsync(
        RedisOptions options, ILoggerFactory? loggerFactory = null, IMeterFactory? meterFactory = null, CancellationToken cancellationToken = default)
    {
        var client = new RedisClient(options, loggerFactory, meterFactory);
        try
        {
            await client.PingAsync(cancellationToken).ConfigureAwait(false);
            return client;
        }
        catch (RedisTimeoutException timeout) when (!timeout.CommandMayHaveExecuted)
        {
            var failure = client._supervisor.LastFailure;
            await client.DisposeAsync().ConfigureAwait(false);
            var message = failure is null
                ? $"Could not connect to Redis at {client.EndPoint} within {options.CommandTimeout.TotalMilliseconds:0} ms."
                : $"Could not connect to Redis at {client.EndPoint}: {failure.Message}";
            throw failure is RedisAuthenticationException
                ? new RedisAuthenticationException(message, failure)
                : new RedisConnectionException(message, failure ?? timeout);
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc cref="ConnectAsync(RedisOptions, ILoggerFactory?, IMeterFactory?, CancellationToken)"/>
    public static Task<RedisClient> ConnectAsync(string connectionString, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default) =>
        ConnectAsync(RedisOptions.Parse(connectionString), loggerFactory, null, cancellationToken);

    /// <summary>
    /// Stops accepting commands, lets the connection write what is queued and collect the replies (for at most the
    /// command timeout), then closes it. Commands still unfinished fail.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _queue.Writer.TryComplete();
        var drain = _commandTimeout == Timeout.InfiniteTimeSpan ? TimeSpan.FromSeconds(30) : _commandTimeout;
        await _supervisor.StopAsync(drain).ConfigureAwait(false);
        _telemetry.Dispose();
    }

    /// <summary>Blocking form of <see cref="DisposeAsync"/>, for containers and callers that cannot await.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    internal Task<T> SendAsync<T>(RedisCommand command, RedisArgument[] arguments, ReplyDecoder<T> decoder, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        if (Volatile.Read(ref _disposed) != 0)
        {
            return Task.FromException<T>(new ObjectDisposedException(nameof(RedisClient)));
        }

        return SendCoreAsync(new PendingCommand<T>(command, arguments, decoder), cancellationToken);
    }

    private async Task<T> SendCoreAsync<T>(PendingCommand<T> command, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var activity = _telemetry.StartActivity(command.Command);
        try
        {
            if (!_queue.Writer.TryWrite(command))
            {
                await EnqueueSlowlyAsync(command, started, cancellationToken).ConfigureAwait(false);
            }

            T result;
            if (_commandTimeout == Timeout.InfiniteTimeSpan && !cancellationToken.CanBeCanceled)
            {
                result = await command.Task.ConfigureAwait(false);
            }
            else
            {
                try
                {
                    result = await (_commandTimeout == Timeout.InfiniteTimeSpan
                        ? command.Task.WaitAsync(cancellationToken)
                        : command.Task.WaitAsync(Remaining(started), cancellationToken)).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    if (command.Abandon())
                    {
                        throw TimedOut(command);
                    }

                    result = await command.Task.ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    if (command.Abandon())
                    {
                        throw;
                    }

                    result = await command.Task.ConfigureAwait(false);
                }
            }

            _telemetry.RecordCommand(command.Command, started, activity, null);
            return result;
        }
        catch (Exception exception)
        {
            _telemetry.RecordCommand(command.Command, started, activity, exception);
            throw;
        }
    }

    // The queue is full (backpressure) or closed: wait for room within what is left of the command timeout.
    private async Task EnqueueSlowlyAsync<T>(PendingCommand<T> command, long started, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (_commandTimeout != Timeout.InfiniteTimeSpan)
        {
            timeout.CancelAfter(Remaining(started));
        }

        try
        {
            await _queue.Writer.WriteAsync(command, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            command.Abandon();
            throw TimedOut(command);
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException(nameof(RedisClient));
        }
    }

    private TimeSpan Remaining(long started)
    {
        var remaining = _commandTimeout - Stopwatch.GetElapsedTime(started);
        return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }

    private RedisTimeoutException TimedOut(IPendingCommand command)
    {
        var timeout = $"{command.Command.Name} timed out after {_commandTimeout.TotalMilliseconds:0} ms";
        if (command.IsWritten)
        {
            return new RedisTimeoutException(
                $"{timeout} waiting for its reply from Redis at {EndPoint}. It was sent and may still be executed; its reply will be discarded.",
                commandMayHaveExecuted: true);
        }

        var why = _supervisor.IsConnected
            ? "the outgoing queue did not drain in time"
            : $"not connected to Redis at {EndPoint}" + (_supervisor.LastFailure is { } failure ? $" ({failure.Message})" : string.Empty);
        return new RedisTimeoutException($"{timeout} before it could be sent: {why}. It was not sent.", commandMayHaveExecuted: false);
    }
}
