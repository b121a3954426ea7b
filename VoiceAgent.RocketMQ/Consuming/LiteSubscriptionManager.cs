using Microsoft.Extensions.Logging;
using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.RocketMQ;

/// <summary>
/// The lite topics a lite push consumer subscribes, kept in step with the server through SyncLiteSubscription:
/// PARTIAL_ADD and PARTIAL_REMOVE at runtime, COMPLETE_ADD with the whole set at start, every 30 s and whenever a
/// Telemetry stream is open again (the server drops the subscriptions of a client whose stream ended). The
/// local set changes only after the server accepted the change; the quota is checked locally first; a
/// NotifyUnsubscribeLite from the server removes a lite topic locally, then tells the application.
/// </summary>
internal sealed partial class LiteSubscriptionManager
{
    private readonly ClientSession _session;
    private readonly PushSubscriptionSettings _settings;
    private readonly string _bindTopic;
    private readonly ConsumerCore _core;
    private readonly HashSet<string> _liteTopics = new(StringComparer.Ordinal);
    private readonly Func<string, ValueTask>? _revoked;
    private readonly TaskTracker _background = new();
    private readonly KeyedSequencer _perLiteTopic = new();
    private int _pendingAdds;
    private Task _syncLoop = Task.CompletedTask;

    public LiteSubscriptionManager(ClientSession session, PushSubscriptionSettings settings, ConsumerCore core, string bindTopic, Func<string, ValueTask>? revoked)
    {
        _revoked = revoked;
        _session = session;
        _settings = settings;
        _core = core;
        _bindTopic = bindTopic;
        _session.UnsubscribeLiteNotified += OnUnsubscribeLiteNotified;
        _session.TelemetryReconnected += OnTelemetryReconnected;
    }

    public IReadOnlyCollection<string> LiteTopics
    {
        get
        {
            lock (_liteTopics)
            {
                return [.. _liteTopics];
            }
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await SyncAllAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.SyncAllFailed(_session.Logger, _session.ClientId, e);
        }

        _syncLoop = _session.RunPeriodicallyAsync(_session.Timings.LiteSubscriptionSyncInterval, SyncAllAsync, runFirst: false);
    }

    /// <summary>
    /// Subscribes <paramref name="liteTopic"/>. Subscribing and unsubscribing one lite topic run one after another in call
    /// order, so the last call wins even when an earlier one is still waiting for the server.
    /// </summary>
    public async Task SubscribeAsync(string liteTopic, OffsetOption? offsetOption, CancellationToken cancellationToken)
    {
        Validate(liteTopic);
        await _perLiteTopic.Enqueue(liteTopic, () => SubscribeNowAsync(liteTopic, offsetOption, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Unsubscribes <paramref name="liteTopic"/>, after any subscribe or unsubscribe of it called earlier.</summary>
    public Task UnsubscribeAsync(string liteTopic, CancellationToken cancellationToken) =>
        _perLiteTopic.Enqueue(liteTopic, () => UnsubscribeNowAsync(liteTopic, cancellationToken));

    private async Task SubscribeNowAsync(string liteTopic, OffsetOption? offsetOption, CancellationToken cancellationToken)
    {
        lock (_liteTopics)
        {
            if (_liteTopics.Contains(liteTopic))
            {
                return;
            }

            var quota = _settings.LiteSubscriptionQuota;
            if (_liteTopics.Count + _pendingAdds + 1 > quota)
            {
                throw new LiteSubscriptionQuotaExceededException(
                    $"Subscribing lite topic {liteTopic} would exceed this client's lite subscription quota of {quota}.",
                    Code.LiteSubscriptionQuotaExceeded);
            }

            _pendingAdds++;
        }

        var added = false;
        try
        {
            await SyncAsync(LiteSubscriptionAction.PartialAdd, [liteTopic], offsetOption, cancellationToken).ConfigureAwait(false);
            added = true;
        }
        finally
        {
            lock (_liteTopics)
            {
                _pendingAdds--;
                if (added)
                {
                    _liteTopics.Add(liteTopic);
                }
            }
        }

        Log.Subscribed(_session.Logger, _session.ClientId, liteTopic, _bindTopic);
    }

    private async Task UnsubscribeNowAsync(string liteTopic, CancellationToken cancellationToken)
    {
        lock (_liteTopics)
        {
            if (!_liteTopics.Contains(liteTopic))
            {
                return;
            }
        }

        await SyncAsync(LiteSubscriptionAction.PartialRemove, [liteTopic], null, cancellationToken).ConfigureAwait(false);
        lock (_liteTopics)
        {
            _liteTopics.Remove(liteTopic);
        }

        Log.Unsubscribed(_session.Logger, _session.ClientId, liteTopic, _bindTopic);
    }

    public async Task StopAsync()
    {
        _session.UnsubscribeLiteNotified -= OnUnsubscribeLiteNotified;
        _session.TelemetryReconnected -= OnTelemetryReconnected;
        await _syncLoop.ConfigureAwait(false);
        await _background.WaitAllAsync(_session.Timings.ShutdownTimeout).ConfigureAwait(false);
    }

    private Task SyncAllAsync(CancellationToken cancellationToken)
    {
        List<string> all;
        lock (_liteTopics)
        {
            if (_liteTopics.Count > _settings.LiteSubscriptionQuota)
            {
                throw new LiteSubscriptionQuotaExceededException(
                    $"This client subscribes {_liteTopics.Count} lite topics, more than its quota of {_settings.LiteSubscriptionQuota}.",
                    Code.LiteSubscriptionQuotaExceeded);
            }

            all = [.. _liteTopics];
        }

        return SyncAsync(LiteSubscriptionAction.CompleteAdd, all, null, cancellationToken);
    }

    /// <summary>Sends the change to every broker of the bind topic's route; all must accept it.</summary>
    private async Task SyncAsync(LiteSubscriptionAction action, IReadOnlyCollection<string> liteTopics, OffsetOption? offsetOption, CancellationToken cancellationToken)
    {
        var request = new SyncLiteSubscriptionRequest
        {
            Action = action,
            Topic = _session.ToResource(_bindTopic),
            Group = _core.Group,
        };

        request.LiteTopicSet.AddRange(liteTopics);
        if (offsetOption is not null)
        {
            request.OffsetOption = offsetOption.ToProtobuf();
        }

        var route = await _session.GetRouteAsync(_bindTopic, cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(route.Endpoints.Select(endpoints =>
            _session.CallAsync(endpoints, MessagingService.SyncLiteSubscription, request, r => r.Status, cancellationToken))).ConfigureAwait(false);
    }

    private void Validate(string liteTopic)
    {
        if (string.IsNullOrWhiteSpace(liteTopic))
        {
            throw new IllegalLiteTopicException("A lite topic must not be blank.", Code.IllegalLiteTopic);
        }

        var max = _settings.MaxLiteTopicSize;
        if (liteTopic.Length > max)
        {
            throw new IllegalLiteTopicException($"Lite topic '{liteTopic}' is longer than {max} characters.", Code.IllegalLiteTopic);
        }
    }

    /// <summary>
    /// The server drops a client's lite subscriptions when its Telemetry stream ends; once the stream is back, the
    /// whole set is synced at once rather than at the next periodic sync (up to 30 s without deliveries).
    /// </summary>
    private void OnTelemetryReconnected(BrokerEndpoints endpoints) =>
        _background.Track(Task.Run(async () =>
        {
            try
            {
                await SyncAllAsync(_session.Stopping).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                if (!_session.Stopping.IsCancellationRequested)
                {
                    Log.SyncAllFailed(_session.Logger, _session.ClientId, e);
                }
            }
        }));

    private void OnUnsubscribeLiteNotified(string liteTopic)
    {
        bool removed;
        lock (_liteTopics)
        {
            removed = _liteTopics.Remove(liteTopic);
        }

        // A repeated notice (the server re-sends it while a periodic sync still lists the lite topic) is not news.
        if (!removed)
        {
            return;
        }

        Log.Revoked(_session.Logger, _session.ClientId, liteTopic, _bindTopic);
        if (_revoked is not null)
        {
            // Off the telemetry stream's reader: the application may take its time.
            _background.Track(Task.Run(() => NotifyRevokedAsync(liteTopic)));
        }
    }

    private async Task NotifyRevokedAsync(string liteTopic)
    {
        try
        {
            await _revoked!(liteTopic).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Log.RevokedCallbackFailed(_session.Logger, _session.ClientId, liteTopic, e);
        }
    }
}
