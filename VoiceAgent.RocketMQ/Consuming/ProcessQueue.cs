using Microsoft.Extensions.Logging;
using Proto = VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.RocketMQ;

/// <summary>
/// One assigned queue of a push consumer: a receive loop (long polling with auto-renew, the same attempt id
/// until a receive returns messages, short backoff on flow control, pausing while the cache is full), the
/// cache of received messages not yet settled, and settlement retried until the server accepts it.
/// </summary>
internal sealed partial class ProcessQueue : IProcessQueue
{
    private readonly PushConsumerEngine _engine;
    private readonly Proto.FilterExpression _filter;
    private readonly CancellationTokenSource _dropped;
    private readonly object _roomLock = new();
    private TaskCompletionSource? _room;
    private long _cachedCount;
    private long _cachedBytes;
    private Task _loop = Task.CompletedTask;

    public ProcessQueue(PushConsumerEngine engine, MessageQueueInfo queue, Proto.FilterExpression filter)
    {
        _engine = engine;
        Queue = queue;
        _filter = filter;
        _dropped = CancellationTokenSource.CreateLinkedTokenSource(engine.ReceivingToken);
    }

    public MessageQueueInfo Queue { get; }

    public KeyedSequencer Sequencer { get; } = new();

    public long CachedCount => Interlocked.Read(ref _cachedCount);

    public long CachedBytes => Interlocked.Read(ref _cachedBytes);

    /// <summary>Completes when the receive loop has stopped.</summary>
    public Task Completion => _loop;

    public void Start() => _loop = Task.Run(ReceiveLoopAsync);

    /// <summary>Stops receiving; messages already received are still consumed and settled.</summary>
    public void Drop()
    {
        try
        {
            _dropped.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public Task AckAsync(MessageView message) =>
        SettleAsync("ack", message, token => _engine.Core.AckAsync(message, token));

    public Task NackAsync(MessageView message, TimeSpan invisibleDuration) =>
        SettleAsync("nack", message, token => _engine.Core.ChangeInvisibleDurationAsync(message, invisibleDuration, suspend: false, token));

    public Task SuspendAsync(MessageView message, TimeSpan duration) =>
        SettleAsync("suspend", message, token => _engine.Core.ChangeInvisibleDurationAsync(message, duration, suspend: true, token));

    public Task ForwardToDeadLetterQueueAsync(MessageView message) =>
        SettleAsync("dead-letter", message, token => _engine.Core.ForwardToDeadLetterQueueAsync(message, _engine.Settings.RetryPolicy!.MaxAttempts, token));

    public void Evict(MessageView message)
    {
        Interlocked.Decrement(ref _cachedCount);
        Interlocked.Add(ref _cachedBytes, -message.Body.Length);
        TaskCompletionSource? room;
        lock (_roomLock)
        {
            room = _room;
            _room = null;
        }

        room?.TrySetResult();
    }

    private async Task ReceiveLoopAsync()
    {
        var token = _dropped.Token;
        var attemptId = NewAttemptId();
        var timings = _engine.Session.Timings;
        while (!token.IsCancellationRequested)
        {
            try
            {
                if (await WaitWhileCacheFullAsync(token).ConfigureAwait(false))
                {
                    continue;
                }

                var settings = _engine.Settings;
                var room = _engine.CountThresholdPerQueue - CachedCount;
                var batchSize = (int)Math.Min(settings.ReceiveBatchSize, Math.Max(1, room));
                var result = await _engine.Core.ReceiveAsync(Queue, _filter, batchSize, null, settings.LongPollingTimeout, attemptId, token)
                    .ConfigureAwait(false);
                if (result.Messages.Count == 0)
                {
                    continue;
                }

                // A new attempt id only once the server has handed out messages for this one.
                attemptId = NewAttemptId();
                foreach (var message in result.Messages)
                {
                    Interlocked.Increment(ref _cachedCount);
                    Interlocked.Add(ref _cachedBytes, message.Body.Length);
                }

                _engine.ConsumeService.Consume(this, result.Messages);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                break;
            }
            catch (TooManyRequestsException e)
            {
                Log.FlowControlled(_engine.Logger, _engine.Session.ClientId, Queue, e.Message);
                await DelayAsync(timings.ReceiveFlowControlDelay, token).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                Log.ReceiveFailed(_engine.Logger, _engine.Session.ClientId, Queue, e);
                await DelayAsync(timings.ReceiveFailureDelay, token).ConfigureAwait(false);
            }
        }
    }

    /// <summary>While the cache holds as many messages or bytes as allowed, waits for room; returns whether it waited.</summary>
    private async Task<bool> WaitWhileCacheFullAsync(CancellationToken token)
    {
        if (CachedCount < _engine.CountThresholdPerQueue && CachedBytes < _engine.BytesThresholdPerQueue)
        {
            return false;
        }

        TaskCompletionSource room;
        lock (_roomLock)
        {
            room = _room ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        Log.CacheFull(_engine.Logger, _engine.Session.ClientId, Queue, CachedCount, CachedBytes);
        try
        {
            await room.Task.WaitAsync(_engine.Session.Timings.CacheFullDelay, token).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }

        return true;
    }

    private async Task SettleAsync(string operation, MessageView message, Func<CancellationToken, Task> call)
    {
        var token = _engine.SettlingToken;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await call(token).ConfigureAwait(false);
                return;
            }
            catch (InvalidReceiptHandleException e)
            {
                Log.ReceiptInvalid(_engine.Logger, _engine.Session.ClientId, operation, message.MessageId, e.Message);
                return;
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (_engine.ReceivingToken.IsCancellationRequested)
            {
                // Stopping: retrying against an unreachable server would hold the shutdown for its whole timeout.
                Log.SettleAbandoned(_engine.Logger, _engine.Session.ClientId, operation, message.MessageId, e);
                return;
            }
            catch (Exception e)
            {
                Log.SettleFailed(_engine.Logger, _engine.Session.ClientId, operation, message.MessageId, attempt, e);
            }

            if (!await DelayAsync(_engine.Session.Timings.SettleRetryDelay, token).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    private static async Task<bool> DelayAsync(TimeSpan delay, CancellationToken token)
    {
        try
        {
            await Task.Delay(delay, token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static string NewAttemptId() => Guid.NewGuid().ToString();
}
