using System.Collections.Concurrent;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using VoiceAgent.Grpc;
using VoiceAgent.RocketMQ.Protocol;
using Proto = VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.RocketMQ;

/// <summary>
/// The session every producer and consumer runs, as the official clients run it: QueryRoute with a cache and
/// a periodic refresh; a Telemetry stream per broker endpoint carrying the settings exchange; Heartbeat every
/// 10 s; the <c>x-mq-*</c> headers on every call; NotifyClientTermination when it ends.
/// </summary>
internal sealed partial class ClientSession : IAsyncDisposable
{
    private readonly ChannelPool _channels;
    private readonly RequestSigner _signer;
    private readonly Proto.Resource? _group;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<string, TopicRoute> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<TopicRoute>>> _routeFetches = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<BrokerEndpoints, TelemetrySession> _telemetry = new();
    private readonly List<Task> _loops = [];
    private int _state;

    public ClientSession(
        RocketMQClientOptions options,
        ChannelPool channels,
        ClientSettings settings,
        Proto.Resource? group,
        ClientTimings timings,
        ILogger logger)
    {
        Options = options;
        _channels = channels;
        Settings = settings;
        _group = group;
        Timings = timings;
        Logger = logger;
        ClientId = ClientIdentity.NextClientId();
        AccessPoint = BrokerEndpoints.Parse(options.Endpoints);
        _signer = new RequestSigner(options, ClientId, TimeProvider.System);
    }

    public string ClientId { get; }

    public RocketMQClientOptions Options { get; }

    public ClientSettings Settings { get; }

    public ClientTimings Timings { get; }

    public ILogger Logger { get; }

    public BrokerEndpoints AccessPoint { get; }

    /// <summary>Cancelled when the session is being disposed.</summary>
    public CancellationToken Stopping => _stopping.Token;

    public bool IsRunning => Volatile.Read(ref _state) == 1;

    /// <summary>Raised after a refresh found that a topic's route changed.</summary>
    public event Action<TopicRoute>? RouteChanged;

    /// <summary>Raised when the server tells this client to drop a lite topic.</summary>
    public event Action<string>? UnsubscribeLiteNotified;

    /// <summary>
    /// Raised when a Telemetry stream that had ended is open again and the server answered its settings: the server
    /// dropped this client's lite subscriptions when the old stream ended.
    /// </summary>
    public event Action<BrokerEndpoints>? TelemetryReconnected;

    public Proto.Resource ToResource(string name) => new() { ResourceNamespace = Options.Namespace, Name = name };

    /// <summary>Fetches the routes of <paramref name="topics"/> (which opens the Telemetry streams) and starts the periodic tasks.</summary>
    public async Task StartAsync(IEnumerable<string> topics, CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            throw new InvalidOperationException("The client session has already been started.");
        }

        Log.Starting(Logger, ClientId, Settings.ClientType, AccessPoint);
        foreach (var topic in topics)
        {
            await GetRouteWithRetriesAsync(topic, cancellationToken).ConfigureAwait(false);
        }

        _loops.Add(RunPeriodicallyAsync(Timings.HeartbeatInterval, HeartbeatAsync, runFirst: true));
        _loops.Add(RunPeriodicallyAsync(Timings.RouteRefreshInterval, RefreshRoutesAsync, runFirst: false));
        _loops.Add(RunPeriodicallyAsync(Timings.SettingsSyncInterval, SyncSettingsAsync, runFirst: false));
        Log.Started(Logger, ClientId);
    }

    /// <summary>Runs <paramref name="action"/> every <paramref name="period"/> until the session stops.</summary>
    public Task RunPeriodicallyAsync(TimeSpan period, Func<CancellationToken, Task> action, bool runFirst) =>
        Periodic.RunAsync(period, action, runFirst, e => Log.PeriodicTaskFailed(Logger, ClientId, e), Stopping);

    /// <summary>The cached route of <paramref name="topic"/>, fetched (once, whoever asks) when not cached yet.</summary>
    public async Task<TopicRoute> GetRouteAsync(string topic, CancellationToken cancellationToken)
    {
        if (_routes.TryGetValue(topic, out var route))
        {
            return route;
        }

        var fetch = _routeFetches.GetOrAdd(topic, t => new Lazy<Task<TopicRoute>>(() => FetchAndInstallRouteAsync(t)));
        try
        {
            return await fetch.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (fetch.Value.IsCompleted)
            {
                _routeFetches.TryRemove(new KeyValuePair<string, Lazy<Task<TopicRoute>>>(topic, fetch));
            }
        }
    }

    /// <summary>Every broker endpoint of the cached routes (the access point when there is none yet).</summary>
    public IReadOnlyCollection<BrokerEndpoints> RouteEndpoints()
    {
        var endpoints = new HashSet<BrokerEndpoints>();
        foreach (var route in _routes.Values)
        {
            endpoints.UnionWith(route.Endpoints);
        }

        if (endpoints.Count == 0)
        {
            endpoints.Add(AccessPoint);
        }

        return endpoints;
    }

    /// <summary>A unary call with this client's headers; a transport failure or a status other than OK throws.</summary>
    public async Task<TResponse> CallAsync<TRequest, TResponse>(
        BrokerEndpoints endpoints,
        Method<TRequest, TResponse> method,
        TRequest request,
        Func<TResponse, Proto.Status?> statusOf,
        CancellationToken cancellationToken,
        TimeSpan? timeout = null)
    {
        var headers = _signer.CreateHeaders();
        var requestId = headers.GetValue("x-mq-request-id");
        var options = new CallOptions(headers, DateTime.UtcNow + (timeout ?? Options.RequestTimeout), cancellationToken);
        TResponse response;
        try
        {
            response = await _channels.Get(endpoints).UnaryAsync(method, request, options).ConfigureAwait(false);
        }
        catch (Exception e) when (IsTransportFailure(e))
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw ToTransportException(method.Name, endpoints, requestId, e);
        }

        StatusChecker.Check(statusOf(response), method.Name, requestId);
        return response;
    }

    /// <summary>A ReceiveMessage long poll: status, then messages, then the delivery timestamp.</summary>
    public async Task<ReceiveResult> ReceiveAsync(BrokerEndpoints endpoints, ReceiveMessageRequest request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var headers = _signer.CreateHeaders();
        var requestId = headers.GetValue("x-mq-request-id");
        var options = new CallOptions(headers, DateTime.UtcNow + timeout, cancellationToken);
        Proto.Status? status = null;
        List<Proto.Message>? messages = null;
        Google.Protobuf.WellKnownTypes.Timestamp? deliveredAt = null;
        try
        {
            using var call = _channels.Get(endpoints).ServerStreaming(MessagingService.ReceiveMessage, request, options);
            while (await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
            {
                var response = call.ResponseStream.Current;
                switch (response.ContentCase)
                {
                    case ReceiveMessageResponse.ContentOneofCase.Status:
                        status = response.Status;
                        break;
                    case ReceiveMessageResponse.ContentOneofCase.Message:
                        (messages ??= []).Add(response.Message);
                        break;
                    case ReceiveMessageResponse.ContentOneofCase.DeliveryTimestamp:
                        deliveredAt = response.DeliveryTimestamp;
                        break;
                }
            }
        }
        catch (Exception e) when (IsTransportFailure(e))
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw ToTransportException("ReceiveMessage", endpoints, requestId, e);
        }

        StatusChecker.Check(status, "ReceiveMessage", requestId, isReceive: true);
        if (messages is null)
        {
            return new ReceiveResult([], ProtobufTime.ToDateTimeOffsetOrNull(deliveredAt));
        }

        var delivered = ProtobufTime.ToDateTimeOffsetOrNull(deliveredAt);
        var views = new MessageView[messages.Count];
        for (var i = 0; i < views.Length; i++)
        {
            views[i] = MessageView.FromProtobuf(messages[i], endpoints, delivered);
            if (views[i].IsCorrupted)
            {
                // Settled as a failure by the consume service (nack, or dead letter for FIFO and lite consumers).
                Log.CorruptedMessage(Logger, ClientId, views[i].MessageId, views[i].Topic);
                RocketMQMetrics.RecordCorrupted(views[i].Topic, ClientId);
            }
        }

        return new ReceiveResult(views, delivered);
    }

    /// <summary>Opens a Telemetry stream to <paramref name="endpoints"/> with this client's headers.</summary>
    internal AsyncDuplexStreamingCall<TelemetryCommand, TelemetryCommand> OpenTelemetry(BrokerEndpoints endpoints, CancellationToken cancellationToken) =>
        _channels.Get(endpoints).DuplexStreaming(MessagingService.Telemetry, new CallOptions(_signer.CreateHeaders(), null, cancellationToken));

    internal TelemetryCommand CreateSettingsCommand() => new() { Settings = Settings.ToProtobuf() };

    internal void OnSettings(BrokerEndpoints endpoints, Proto.Settings settings)
    {
        Settings.Apply(settings);
        Log.SettingsApplied(Logger, ClientId, endpoints, Settings.RetryPolicy);
    }

    internal void OnTelemetryReconnected(BrokerEndpoints endpoints)
    {
        Log.TelemetryReconnected(Logger, ClientId, endpoints);
        TelemetryReconnected?.Invoke(endpoints);
    }

    internal void OnNotifyUnsubscribeLite(string liteTopic)
    {
        Log.UnsubscribeLiteNotified(Logger, ClientId, liteTopic);
        UnsubscribeLiteNotified?.Invoke(liteTopic);
    }

    public async ValueTask DisposeAsync()
    {
        var previous = Interlocked.Exchange(ref _state, 2);
        if (previous == 2)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_loops).ConfigureAwait(false);
        if (previous == 1)
        {
            await NotifyTerminationAsync().ConfigureAwait(false);
        }

        await Task.WhenAll(_telemetry.Values.Select(s => s.DisposeAsync().AsTask())).ConfigureAwait(false);
        _stopping.Dispose();
        Log.Stopped(Logger, ClientId);
    }

    private async Task GetRouteWithRetriesAsync(string topic, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await GetRouteAsync(topic, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (attempt < Timings.StartupRouteAttempts && StatusChecker.IsRetryable(e) && !cancellationToken.IsCancellationRequested)
            {
                Log.StartupRouteFailed(Logger, ClientId, topic, attempt, e);
                await Task.Delay(Timings.StartupRouteRetryDelay * attempt, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<TopicRoute> FetchAndInstallRouteAsync(string topic)
    {
        var route = await QueryRouteAsync(topic, Stopping).ConfigureAwait(false);
        await OpenTelemetryAsync(route, Stopping).ConfigureAwait(false);
        _routes[topic] = route;
        return route;
    }

    private async Task<TopicRoute> QueryRouteAsync(string topic, CancellationToken cancellationToken)
    {
        var request = new QueryRouteRequest { Topic = ToResource(topic), Endpoints = AccessPoint.ToProtobuf() };
        var response = await CallAsync(AccessPoint, MessagingService.QueryRoute, request, r => r.Status, cancellationToken).ConfigureAwait(false);
        if (response.MessageQueues.Count == 0)
        {
            throw new TopicNotFoundException($"QueryRoute for topic {topic} returned no queue.");
        }

        return new TopicRoute(topic, response.MessageQueues.Select(q => new MessageQueueInfo(q)).ToList());
    }

    /// <summary>Opens a Telemetry stream to each endpoint not seen before and waits for the server's settings.</summary>
    private async Task OpenTelemetryAsync(TopicRoute route, CancellationToken cancellationToken)
    {
        var waits = new List<Task>();
        foreach (var endpoints in route.Endpoints)
        {
            var created = false;
            var session = _telemetry.GetOrAdd(endpoints, e =>
            {
                created = true;
                return new TelemetrySession(this, e);
            });

            if (created)
            {
                session.Start();
            }

            waits.Add(session.Initialized);
        }

        var timeout = Timings.SettingsTimeout + Options.RequestTimeout;
        try
        {
            await Task.WhenAll(waits).WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new RocketMQTransportException(
                $"The server did not send its settings on the Telemetry stream within {timeout.TotalSeconds:0.#} s (route of {route.Topic}).",
                GrpcStatusCode.DeadlineExceeded,
                innerException: e);
        }
    }

    private async Task HeartbeatAsync(CancellationToken cancellationToken)
    {
        var request = new HeartbeatRequest { ClientType = Settings.ClientType };
        if (_group is not null)
        {
            request.Group = _group;
        }

        await Task.WhenAll(RouteEndpoints().Select(async endpoints =>
        {
            try
            {
                await CallAsync(endpoints, MessagingService.Heartbeat, request, r => r.Status, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Log.HeartbeatFailed(Logger, ClientId, endpoints, e);
            }
        })).ConfigureAwait(false);
    }

    private async Task RefreshRoutesAsync(CancellationToken cancellationToken)
    {
        foreach (var (topic, current) in _routes)
        {
            try
            {
                var route = await QueryRouteAsync(topic, cancellationToken).ConfigureAwait(false);
                if (route.Equals(current))
                {
                    continue;
                }

                Log.RouteChanged(Logger, ClientId, topic, route);
                await OpenTelemetryAsync(route, cancellationToken).ConfigureAwait(false);
                _routes[topic] = route;
                RouteChanged?.Invoke(route);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Log.RouteRefreshFailed(Logger, ClientId, topic, e);
            }
        }
    }

    private Task SyncSettingsAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_telemetry.Values.Select(session => session.SyncSettingsAsync(cancellationToken)));

    private async Task NotifyTerminationAsync()
    {
        var request = new NotifyClientTerminationRequest();
        if (_group is not null)
        {
            request.Group = _group;
        }

        using var timeout = new CancellationTokenSource(Options.RequestTimeout);
        await Task.WhenAll(RouteEndpoints().Select(async endpoints =>
        {
            try
            {
                await CallAsync(endpoints, MessagingService.NotifyClientTermination, request, r => r.Status, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                Log.TerminationNotifyFailed(Logger, ClientId, endpoints, e);
            }
        })).ConfigureAwait(false);
    }

    private static bool IsTransportFailure(Exception e) =>
        e is RpcException or HttpRequestException or IOException or InvalidProtocolBufferException;

    private static RocketMQTransportException ToTransportException(string operation, BrokerEndpoints endpoints, string? requestId, Exception e)
    {
        var code = e is RpcException rpc ? rpc.StatusCode : GrpcStatusCode.Unavailable;
        var detail = e is RpcException r ? r.Status.ToString() : e.Message;
        return new RocketMQTransportException($"{operation} to {endpoints} failed: {detail}", code, requestId, e);
    }
}
