using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using VoiceAgent.Redis.Diagnostics;

namespace VoiceAgent.Redis.Connection;

/// <summary>
/// Keeps one connection to the endpoint alive: connects, runs the connection until it is lost, and reconnects
/// with backoff. Commands wait in the shared queue while there is no connection; only commands that were never
/// written carry over to the next connection, so nothing is resent.
/// </summary>
internal sealed partial class ConnectionSupervisor
{
    private readonly RedisOptions _options;
    private readonly ChannelReader<IPendingCommand> _queue;
    private readonly ILogger _logger;
    private readonly RedisTelemetry _telemetry;
    private readonly CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;
    private RedisConnection? _current;
    private Exception? _lastFailure;

    public ConnectionSupervisor(RedisOptions options, ChannelReader<IPendingCommand> queue, ILogger logger, RedisTelemetry telemetry)
    {
        _options = options;
        _queue = queue;
        _logger = logger;
        _telemetry = telemetry;
        EndPoint = RedisOptions.Format(options.EndPoints[0]);
    }

    public string EndPoint { get; }

    public bool IsConnected => Volatile.Read(ref _current) is not null;

    /// <summary>Why the last connection attempt failed or the last connection ended; null while connected.</summary>
    public Exception? LastFailure => Volatile.Read(ref _lastFailure);

    public void Start() => _running = Task.Run(RunAsync);

    /// <summary>
    /// Stops after the queue has been completed: a live connection first writes what is queued and collects the
    /// replies, for at most <paramref name="drainTimeout"/>; whatever is left then fails.
    /// </summary>
    public async Task StopAsync(TimeSpan drainTimeout)
    {
        if (IsConnected)
        {
            await _running.WaitAsync(drainTimeout).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _running.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        var failedAttempts = 0;
        var everConnected = false;
        var disconnectedAt = Stopwatch.GetTimestamp();
        while (!_stop.IsCancellationRequested)
        {
            RedisConnection connection;
            try
            {
                connection = await RedisConnection.ConnectAsync(_options, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                Volatile.Write(ref _lastFailure, exception);
                failedAttempts++;
                var delay = ReconnectBackoff.Delay(failedAttempts, _options.ReconnectMinDelay, _options.ReconnectMaxDelay);
                if (exception is RedisConnectionException { IsConfigurationError: true })
                {
                    Log.SetupRejected(_logger, EndPoint, failedAttempts, (long)delay.TotalMilliseconds, exception);
                    FailQueued(exception);
                }
                else
                {
                    Log.ConnectFailed(_logger, EndPoint, failedAttempts, (long)delay.TotalMilliseconds, exception);
                }

                if (!await DelayAsync(delay).ConfigureAwait(false))
                {
                    break;
                }

                continue;
            }

            if (everConnected)
            {
                _telemetry.RecordReconnect();
                Log.Reconnected(_logger, EndPoint, (long)Stopwatch.GetElapsedTime(disconnectedAt).TotalMilliseconds);
            }
            else
            {
                Log.Connected(_logger, EndPoint);
            }

            everConnected = true;
            failedAttempts = 0;
            Volatile.Write(ref _lastFailure, null);
            Volatile.Write(ref _current, connection);

            Exception? lost;
            try
            {
                lost = await connection.RunAsync(_queue, _options.EffectiveUnresponsiveTimeout, _stop.Token).ConfigureAwait(false);
            }
            finally
            {
                Volatile.Write(ref _current, null);
                await connection.DisposeAsync().ConfigureAwait(false);
            }

            if (lost is null or ObjectDisposedException)
            {
                break;
            }

            disconnectedAt = Stopwatch.GetTimestamp();
            Volatile.Write(ref _lastFailure, lost);
            if (lost is RedisProtocolException)
            {
                Log.ProtocolError(_logger, EndPoint, lost);
            }
            else
            {
                Log.ConnectionLost(_logger, EndPoint, lost);
            }

            // A short pause, so that a server that accepts and then drops connections is not hammered.
            if (!await DelayAsync(ReconnectBackoff.Delay(1, _options.ReconnectMinDelay, _options.ReconnectMaxDelay)).ConfigureAwait(false))
            {
                break;
            }
        }

        FailQueued(new ObjectDisposedException(nameof(RedisClient)));
    }

    private async Task<bool> DelayAsync(TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, _stop.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    // Only called while no connection is reading the queue.
    private void FailQueued(Exception cause)
    {
        while (_queue.TryRead(out var command))
        {
            var name = command.Command.Name;
            command.Fail(cause switch
            {
                ObjectDisposedException => new ObjectDisposedException(nameof(RedisClient), $"The Redis client was disposed before {name} was sent."),
                RedisAuthenticationException => new RedisAuthenticationException($"{name} was not sent: {cause.Message}", cause),
                _ => new RedisConnectionException($"{name} was not sent: {cause.Message}", cause),
            });
        }
    }
}
