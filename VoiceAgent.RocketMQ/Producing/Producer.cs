using System.Collections.Concurrent;
using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using VoiceAgent.RocketMQ.Protocol;
using Proto = VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.RocketMQ;

/// <summary>
/// Sends messages: normal, FIFO (message group), LITE (lite topic) and delayed; one or several per request.
/// Failed sends are retried per the server's backoff policy, moving to another broker's queue when there is
/// one; flow control (TOO_MANY_REQUESTS) waits for the backoff delay first. Create one with
/// <see cref="RocketMQClient.CreateProducerAsync"/>; thread safe; dispose to end its session.
/// </summary>
public sealed partial class Producer : IAsyncDisposable
{
    private readonly ClientSession _session;
    private readonly PublishingSettings _settings;
    private readonly Action<Producer> _onDisposed;
    private readonly ConcurrentDictionary<string, (TopicRoute Route, PublishingLoadBalancer Balancer)> _balancers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<BrokerEndpoints, long> _isolatedUntil = new();
    private readonly Func<BrokerEndpoints, bool> _isIsolated;
    private (RetryPolicy Policy, ResiliencePipeline Pipeline)? _pipeline;
    private int _disposed;

    internal Producer(ClientSession session, PublishingSettings settings, Action<Producer> onDisposed)
    {
        _session = session;
        _settings = settings;
        _onDisposed = onDisposed;
        _isIsolated = IsIsolated;
    }

    /// <summary>This producer's <c>x-mq-client-id</c>.</summary>
    public string ClientId => _session.ClientId;

    /// <summary>Sends one message and returns the server's receipt.</summary>
    public async Task<SendReceipt> SendAsync(Message message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var receipts = await SendAsync([message], cancellationToken).ConfigureAwait(false);
        return receipts[0];
    }

    /// <summary>
    /// Sends several messages in one request. They must share topic and type; FIFO messages must share their
    /// message group. Returns one receipt per message, in order.
    /// </summary>
    public async Task<IReadOnlyList<SendReceipt>> SendAsync(IReadOnlyList<Message> messages, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var (topic, type) = Validate(messages);
        AddTopic(topic);
        var balancer = await GetBalancerAsync(topic, cancellationToken).ConfigureAwait(false);
        var maxAttempts = _settings.RetryPolicy!.MaxAttempts;
        var candidates = type == MessageType.Fifo
            ? [balancer.TakeByMessageGroup(messages[0].MessageGroup!)]
            : balancer.Take(_isIsolated, maxAttempts);

        var protoType = PublishingMessageEncoder.ToProtobuf(type);
        if (_settings.ValidateMessageType && candidates[0].AcceptMessageTypes.Count > 0 && !candidates[0].AcceptMessageTypes.Contains(protoType))
        {
            throw new InvalidOperationException(
                $"Topic {topic} accepts {string.Join(", ", candidates[0].AcceptMessageTypes)} messages, not {type} messages.");
        }

        var started = Stopwatch.GetTimestamp();
        using var activity = RocketMQActivities.StartSend(topic, ClientId, messages[0], messages.Count);
        var traceParent = RocketMQActivities.TraceParentOf(activity);
        var request = new SendMessageRequest();
        foreach (var message in messages)
        {
            request.Messages.Add(PublishingMessageEncoder.Encode(message, _session.Options.Namespace, protoType, traceParent));
        }

        if (activity is not null && messages.Count == 1)
        {
            activity.SetTag("messaging.message.id", request.Messages[0].SystemProperties.MessageId);
            activity.SetTag("messaging.message.body.size", messages[0].Body.Length);
        }

        var state = new SendState(this, request, candidates);
        try
        {
            var receipts = await GetPipeline().ExecuteAsync(
                static (state, token) => state.Producer.SendOnceAsync(state, token),
                state,
                cancellationToken).ConfigureAwait(false);
            Record(messages, true, started);
            return receipts;
        }
        catch (Exception e)
        {
            Record(messages, false, started);
            RocketMQActivities.SetError(activity, e);
            if (e is not OperationCanceledException)
            {
                Log.SendFailed(_session.Logger, ClientId, topic, state.Attempt, e);
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _session.RouteChanged -= OnRouteChanged;
        await _session.DisposeAsync().ConfigureAwait(false);
        _onDisposed(this);
    }

    internal async Task StartAsync(IEnumerable<string> topics, CancellationToken cancellationToken)
    {
        _session.RouteChanged += OnRouteChanged;
        await _session.StartAsync(topics, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<IReadOnlyList<SendReceipt>> SendOnceAsync(SendState state, CancellationToken cancellationToken)
    {
        var attempt = ++state.Attempt;
        var queue = state.Candidates[(attempt - 1) % state.Candidates.Count];
        var now = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow);
        foreach (var message in state.Request.Messages)
        {
            message.SystemProperties.QueueId = queue.Id;
            message.SystemProperties.BornTimestamp = now;
        }

        try
        {
            var response = await _session.CallAsync(queue.Endpoints, MessagingService.SendMessage, state.Request, StatusOf, cancellationToken).ConfigureAwait(false);
            if (response.Entries.Count != state.Request.Messages.Count)
            {
                throw new InternalErrorException(
                    $"SendMessage answered {response.Entries.Count} entries for {state.Request.Messages.Count} messages.", Code.InternalServerError);
            }

            var receipts = new SendReceipt[response.Entries.Count];
            for (var i = 0; i < receipts.Length; i++)
            {
                var entry = response.Entries[i];
                var messageId = entry.MessageId.Length > 0 ? entry.MessageId : state.Request.Messages[i].SystemProperties.MessageId;
                receipts[i] = new SendReceipt(messageId, queue.Topic, queue.Id, entry.Offset, entry.RecallHandle.Length > 0 ? entry.RecallHandle : null);
            }

            if (attempt > 1)
            {
                Log.ResendSucceeded(_session.Logger, ClientId, queue.Topic, attempt, queue.Endpoints);
            }

            return receipts;
        }
        catch (Exception e) when (StatusChecker.IsRetryable(e))
        {
            _isolatedUntil[queue.Endpoints] = Stopwatch.GetTimestamp() + (long)(_session.Timings.IsolationDuration.TotalSeconds * Stopwatch.Frequency);
            throw;
        }
    }

    private static Proto.Status? StatusOf(SendMessageResponse response)
    {
        foreach (var entry in response.Entries)
        {
            if (entry.Status is { } status && status.Code != Code.Ok)
            {
                return status;
            }
        }

        return response.Status;
    }

    private ResiliencePipeline GetPipeline()
    {
        var policy = _settings.RetryPolicy!;
        var current = _pipeline;
        if (current is { } cached && ReferenceEquals(cached.Policy, policy))
        {
            return cached.Pipeline;
        }

        var pipeline = policy.MaxAttempts <= 1
            ? ResiliencePipeline.Empty
            : new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = policy.MaxAttempts - 1,
                ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Exception is { } e && StatusChecker.IsRetryable(e)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                    args.Outcome.Exception is TooManyRequestsException ? policy.GetNextAttemptDelay(args.AttemptNumber + 1) : TimeSpan.Zero),
                OnRetry = args =>
                {
                    Log.Retrying(_session.Logger, ClientId, args.AttemptNumber + 1, policy.MaxAttempts, args.RetryDelay, args.Outcome.Exception!);
                    return ValueTask.CompletedTask;
                },
                UseJitter = false,
            }).Build();

        _pipeline = (policy, pipeline);
        return pipeline;
    }

    private (string Topic, MessageType Type) Validate(IReadOnlyList<Message> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
        {
            throw new ArgumentException("There is no message to send.", nameof(messages));
        }

        var first = messages[0] ?? throw new ArgumentException("A message is null.", nameof(messages));
        foreach (var message in messages)
        {
            ArgumentNullException.ThrowIfNull(message, nameof(messages));
            if (message.Topic != first.Topic)
            {
                throw new ArgumentException($"Messages sent together must share their topic ({first.Topic}, {message.Topic}).", nameof(messages));
            }

            if (message.Type != first.Type)
            {
                throw new ArgumentException($"Messages sent together must share their type ({first.Type}, {message.Type}).", nameof(messages));
            }

            if (message.Type == MessageType.Fifo && message.MessageGroup != first.MessageGroup)
            {
                throw new ArgumentException($"FIFO messages sent together must share their message group ({first.MessageGroup}, {message.MessageGroup}).", nameof(messages));
            }

            if (message.Body.Length > _settings.MaxBodySize)
            {
                throw new PayloadTooLargeException(
                    $"The message body has {message.Body.Length} bytes; the server accepts at most {_settings.MaxBodySize}.", Code.MessageBodyTooLarge);
            }
        }

        return (first.Topic, first.Type);
    }

    private void AddTopic(string topic)
    {
        lock (_settings.Topics)
        {
            _settings.Topics.Add(topic);
        }
    }

    private async Task<PublishingLoadBalancer> GetBalancerAsync(string topic, CancellationToken cancellationToken)
    {
        var route = await _session.GetRouteAsync(topic, cancellationToken).ConfigureAwait(false);
        if (_balancers.TryGetValue(topic, out var entry) && ReferenceEquals(entry.Route, route))
        {
            return entry.Balancer;
        }

        var balancer = new PublishingLoadBalancer(route, entry.Balancer?.NextIndex ?? Random.Shared.Next());
        _balancers[topic] = (route, balancer);
        return balancer;
    }

    private void OnRouteChanged(TopicRoute route) => _balancers.TryRemove(route.Topic, out _);

    private bool IsIsolated(BrokerEndpoints endpoints)
    {
        if (!_isolatedUntil.TryGetValue(endpoints, out var until))
        {
            return false;
        }

        if (until > Stopwatch.GetTimestamp())
        {
            return true;
        }

        _isolatedUntil.TryRemove(new KeyValuePair<BrokerEndpoints, long>(endpoints, until));
        return false;
    }

    private void Record(IReadOnlyList<Message> messages, bool success, long started)
    {
        var elapsed = Stopwatch.GetElapsedTime(started);
        foreach (var message in messages)
        {
            RocketMQMetrics.RecordSendCostTime(message.Topic, ClientId, success, elapsed);
        }
    }

    private sealed class SendState(Producer producer, SendMessageRequest request, IReadOnlyList<MessageQueueInfo> candidates)
    {
        public Producer Producer { get; } = producer;

        public SendMessageRequest Request { get; } = request;

        public IReadOnlyList<MessageQueueInfo> Candidates { get; } = candidates;

        public int Attempt { get; set; }
    }
}
