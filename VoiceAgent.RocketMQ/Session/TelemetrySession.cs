using Microsoft.Extensions.Logging;
using VoiceAgent.Grpc;
using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.RocketMQ;

/// <summary>
/// The Telemetry stream to one broker endpoint. It writes the client's settings first, applies every
/// settings command the server sends, answers the server's commands, and reopens the stream with backoff
/// (sending the settings again) whenever it ends while the client runs.
/// </summary>
internal sealed partial class TelemetrySession : IAsyncDisposable
{
    private readonly ClientSession _client;
    private readonly BrokerEndpoints _endpoints;
    private readonly TaskCompletionSource _initialized = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private AsyncDuplexStreamingCall<TelemetryCommand, TelemetryCommand>? _call;
    private CancellationTokenSource? _callCancellation;
    private Task _loop = Task.CompletedTask;
    private int _disposed;

    // Set when a stream opens after an earlier one ended; cleared by that stream's first settings reply.
    private bool _reopened;

    public TelemetrySession(ClientSession client, BrokerEndpoints endpoints)
    {
        _client = client;
        _endpoints = endpoints;
    }

    /// <summary>Completes when the server's first settings have been applied.</summary>
    public Task Initialized => _initialized.Task;

    public void Start() => _loop = Task.Run(RunAsync);

    /// <summary>Writes the client's settings again on the open stream, if there is one.</summary>
    public async Task SyncSettingsAsync(CancellationToken cancellationToken)
    {
        var call = Volatile.Read(ref _call);
        if (call is not null)
        {
            await WriteAsync(call, _client.CreateSettingsCommand(), cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        var call = Volatile.Read(ref _call);
        if (call is not null)
        {
            try
            {
                // Half-close so that the server sees a clean end of the session, and let it answer.
                if (await _writeLock.WaitAsync(_client.Options.RequestTimeout).ConfigureAwait(false))
                {
                    try
                    {
                        await call.RequestStream.CompleteAsync().WaitAsync(_client.Options.RequestTimeout).ConfigureAwait(false);
                    }
                    finally
                    {
                        _writeLock.Release();
                    }

                    await _loop.WaitAsync(_client.Options.RequestTimeout).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is RpcException or IOException or TimeoutException or InvalidOperationException or ObjectDisposedException)
            {
                Log.CloseFailed(_client.Logger, _client.ClientId, _endpoints, e);
            }
        }

        await _closing.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _initialized.TrySetCanceled();
        _closing.Dispose();
    }

    private async Task RunAsync()
    {
        var delay = _client.Timings.TelemetryReconnectDelay;
        var closing = _closing.Token;
        var opened = 0;
        while (!closing.IsCancellationRequested)
        {
            _reopened = opened++ > 0;
            using var callCancellation = CancellationTokenSource.CreateLinkedTokenSource(closing);
            try
            {
                using var call = _client.OpenTelemetry(_endpoints, callCancellation.Token);
                Volatile.Write(ref _callCancellation, callCancellation);
                Volatile.Write(ref _call, call);
                await WriteAsync(call, _client.CreateSettingsCommand(), callCancellation.Token).ConfigureAwait(false);
                while (await call.ResponseStream.MoveNext(callCancellation.Token).ConfigureAwait(false))
                {
                    delay = _client.Timings.TelemetryReconnectDelay;
                    await HandleAsync(call, call.ResponseStream.Current, callCancellation.Token).ConfigureAwait(false);
                }

                if (Volatile.Read(ref _disposed) == 0)
                {
                    Log.StreamEnded(_client.Logger, _client.ClientId, _endpoints);
                }
            }
            catch (Exception) when (closing.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (callCancellation.IsCancellationRequested)
            {
                Log.StreamRestarting(_client.Logger, _client.ClientId, _endpoints, e.Message);
                delay = TimeSpan.Zero;
            }
            catch (Exception e)
            {
                Log.StreamFailed(_client.Logger, _client.ClientId, _endpoints, e);
            }
            finally
            {
                Volatile.Write(ref _call, null);
                Volatile.Write(ref _callCancellation, null);
            }

            if (Volatile.Read(ref _disposed) != 0)
            {
                break;
            }

            try
            {
                await Task.Delay(delay, closing).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            delay = TimeSpan.FromTicks(Math.Min(Math.Max(delay.Ticks * 2, _client.Timings.TelemetryReconnectDelay.Ticks), _client.Timings.TelemetryReconnectMaxDelay.Ticks));
        }
    }

    private async Task HandleAsync(AsyncDuplexStreamingCall<TelemetryCommand, TelemetryCommand> call, TelemetryCommand command, CancellationToken cancellationToken)
    {
        switch (command.CommandCase)
        {
            case TelemetryCommand.CommandOneofCase.Settings:
                _client.OnSettings(_endpoints, command.Settings);
                _initialized.TrySetResult();
                if (_reopened)
                {
                    _reopened = false;
                    _client.OnTelemetryReconnected(_endpoints);
                }

                break;
            case TelemetryCommand.CommandOneofCase.NotifyUnsubscribeLiteCommand:
                if (!string.IsNullOrWhiteSpace(command.NotifyUnsubscribeLiteCommand.LiteTopic))
                {
                    _client.OnNotifyUnsubscribeLite(command.NotifyUnsubscribeLiteCommand.LiteTopic);
                }

                break;
            case TelemetryCommand.CommandOneofCase.PrintThreadStackTraceCommand:
                var reply = new ThreadStackTrace { Nonce = command.PrintThreadStackTraceCommand.Nonce, ThreadStackTrace_ = Environment.StackTrace };
                await WriteAsync(call, new TelemetryCommand { ThreadStackTrace = reply }, cancellationToken).ConfigureAwait(false);
                break;
            case TelemetryCommand.CommandOneofCase.VerifyMessageCommand:
                var result = new VerifyMessageResult { Nonce = command.VerifyMessageCommand.Nonce };
                await WriteAsync(call, new TelemetryCommand { Status = new Status { Code = Code.NotImplemented, Message = "message verification is not supported" }, VerifyMessageResult = result }, cancellationToken).ConfigureAwait(false);
                break;
            case TelemetryCommand.CommandOneofCase.ReconnectEndpointsCommand:
                Log.ReconnectRequested(_client.Logger, _client.ClientId, _endpoints);
                await (Volatile.Read(ref _callCancellation)?.CancelAsync() ?? Task.CompletedTask).ConfigureAwait(false);
                break;
            case TelemetryCommand.CommandOneofCase.None when command.Status is { Code: not Code.Ok } refusal:
                // The server refused the settings (a group that does not fit the client type, a bad credential...).
                _initialized.TrySetException(StatusChecker.ToException(refusal.Code, $"The server refused the client's settings: {refusal.Message}", null));
                break;
            default:
                Log.UnknownCommand(_client.Logger, _client.ClientId, _endpoints, command.CommandCase.ToString());
                break;
        }
    }

    private async Task WriteAsync(AsyncDuplexStreamingCall<TelemetryCommand, TelemetryCommand> call, TelemetryCommand command, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await call.RequestStream.WriteAsync(command, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
