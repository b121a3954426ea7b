using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VoiceAgent.Grpc;
using VoiceAgent.RocketMQ;
using VoiceAgent.RocketMQ.Protocol;
using Proto = VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.Tests.RocketMQ.Fakes;

/// <summary>
/// An in-test MessagingService on our gRPC server (Kestrel, h2c, 127.0.0.1, free port) that behaves like a
/// RocketMQ 5 proxy in the simplest way and records every call. Each RPC can be replaced per test.
/// </summary>
internal sealed class FakeMessagingServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Channel<Proto.Message>> _deliveries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TelemetryConnection> _telemetry = new(StringComparer.Ordinal);
    private WebApplication? _app;
    private int _telemetryConnections;
    private long _offset;
    private int _receiptSequence;

    public FakeMessagingServer()
    {
        QueryRoute = DefaultQueryRoute;
        Heartbeat = (_, _) => Task.FromResult(new HeartbeatResponse { Status = Ok() });
        SendMessage = DefaultSendMessage;
        QueryAssignment = DefaultQueryAssignment;
        ReceiveMessage = DefaultReceiveMessage;
        AckMessage = (request, _) => Task.FromResult(AckAll(request));
        ChangeInvisibleDuration = (_, _) => Task.FromResult(new ChangeInvisibleDurationResponse { Status = Ok(), ReceiptHandle = NextReceiptHandle() });
        ForwardToDeadLetterQueue = (_, _) => Task.FromResult(new ForwardMessageToDeadLetterQueueResponse { Status = Ok() });
        NotifyClientTermination = (_, _) => Task.FromResult(new NotifyClientTerminationResponse { Status = Ok() });
        SyncLiteSubscription = (_, _) => Task.FromResult(new SyncLiteSubscriptionResponse { Status = Ok() });
        ServerSettings = DefaultServerSettings;
    }

    public int Port { get; private set; }

    /// <summary>The access point to give clients: <c>127.0.0.1:port</c>.</summary>
    public string Endpoints => $"127.0.0.1:{Port}";

    /// <summary>Topic name to (accepted type, queue count); QueryRoute answers TOPIC_NOT_FOUND for others.</summary>
    public ConcurrentDictionary<string, (Proto.MessageType Type, int Queues)> Topics { get; } = new(StringComparer.Ordinal);

    /// <summary>Every call: method name, request headers, request message.</summary>
    public ConcurrentQueue<RecordedCall> Calls { get; } = new();

    /// <summary>Settings commands received on Telemetry streams, with the client id.</summary>
    public ConcurrentQueue<(string ClientId, Proto.Settings Settings)> ReceivedSettings { get; } = new();

    public int TelemetryConnections => _telemetryConnections;

    public Func<QueryRouteRequest, ServerCallContext, Task<QueryRouteResponse>> QueryRoute { get; set; }

    public Func<HeartbeatRequest, ServerCallContext, Task<HeartbeatResponse>> Heartbeat { get; set; }

    public Func<SendMessageRequest, ServerCallContext, Task<SendMessageResponse>> SendMessage { get; set; }

    public Func<QueryAssignmentRequest, ServerCallContext, Task<QueryAssignmentResponse>> QueryAssignment { get; set; }

    public Func<ReceiveMessageRequest, IServerStreamWriter<ReceiveMessageResponse>, ServerCallContext, Task> ReceiveMessage { get; set; }

    public Func<AckMessageRequest, ServerCallContext, Task<AckMessageResponse>> AckMessage { get; set; }

    public Func<ChangeInvisibleDurationRequest, ServerCallContext, Task<ChangeInvisibleDurationResponse>> ChangeInvisibleDuration { get; set; }

    public Func<ForwardMessageToDeadLetterQueueRequest, ServerCallContext, Task<ForwardMessageToDeadLetterQueueResponse>> ForwardToDeadLetterQueue { get; set; }

    public Func<NotifyClientTerminationRequest, ServerCallContext, Task<NotifyClientTerminationResponse>> NotifyClientTermination { get; set; }

    public Func<SyncLiteSubscriptionRequest, ServerCallContext, Task<SyncLiteSubscriptionResponse>> SyncLiteSubscription { get; set; }

    /// <summary>The settings answered to a client's settings; null sends no answer at all.</summary>
    public Func<Proto.Settings, Proto.Settings?> ServerSettings { get; set; }

    /// <summary>Whether the server sends its settings only after this task completes (to test slow servers).</summary>
    public Task SettingsGate { get; set; } = Task.CompletedTask;

    /// <summary>The consumer settings the default answer uses.</summary>
    public bool Fifo { get; set; }

    public int ReceiveBatchSize { get; set; } = 32;

    public TimeSpan LongPollingTimeout { get; set; } = TimeSpan.FromSeconds(1);

    public Proto.RetryPolicy ConsumerBackoff { get; set; } = new()
    {
        MaxAttempts = 3,
        ExponentialBackoff = new ExponentialBackoff { Initial = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(10)), Max = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(50)), Multiplier = 2 },
    };

    public Proto.RetryPolicy ProducerBackoff { get; set; } = new()
    {
        MaxAttempts = 3,
        ExponentialBackoff = new ExponentialBackoff { Initial = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(10)), Max = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(1000)), Multiplier = 2 },
    };

    public int? LiteSubscriptionQuota { get; set; } = 100;

    public int MaxBodySize { get; set; } = 4 * 1024 * 1024;

    public static async Task<FakeMessagingServer> StartAsync(Action<FakeMessagingServer>? configure = null, X509Certificate2? certificate = null)
    {
        var server = new FakeMessagingServer();
        configure?.Invoke(server);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        builder.Services.AddGrpcServer();
        var app = builder.Build();
        app.MapGrpcService(server.CreateDefinition());
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        server._app = app;
        server.Port = address.Port;
        return server;
    }

    public static Proto.Status Ok() => new() { Code = Code.Ok, Message = "OK" };

    public static Proto.Status Error(Code code, string message) => new() { Code = code, Message = message };

    /// <summary>The requests of one method received so far.</summary>
    public List<T> Requests<T>()
        where T : IMessage => Calls.Select(c => c.Request).OfType<T>().ToList();

    public List<RecordedCall> CallsOf(string method) => Calls.Where(c => c.Method == method).ToList();

    /// <summary>A delivered message as the proxy sends one: id, receipt handle, MD5 digest, attempt 1.</summary>
    public Proto.Message CreateDelivery(string topic, string body, string? messageGroup = null, string? liteTopic = null, int queueId = 0)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(body);
        var system = new SystemProperties
        {
            MessageId = MessageIdGenerator.Next(),
            BodyDigest = BodyDigest.Md5Of(bytes),
            BodyEncoding = Proto.Encoding.Identity,
            MessageType = liteTopic is not null ? Proto.MessageType.Lite : messageGroup is not null ? Proto.MessageType.Fifo : Proto.MessageType.Normal,
            BornTimestamp = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
            BornHost = "producer-host",
            ReceiptHandle = NextReceiptHandle(),
            DeliveryAttempt = 1,
            QueueId = queueId,
            QueueOffset = Interlocked.Increment(ref _offset),
        };

        if (messageGroup is not null)
        {
            system.MessageGroup = messageGroup;
        }

        if (liteTopic is not null)
        {
            system.LiteTopic = liteTopic;
        }

        return new Proto.Message { Topic = new Resource { Name = topic }, SystemProperties = system, Body = ByteString.CopyFrom(bytes) };
    }

    /// <summary>Whether deliveries go to the queue their <c>queue_id</c> names (as FIFO needs) instead of any queue.</summary>
    public bool DeliverPerQueue { get; set; }

    /// <summary>Queues a message for the default ReceiveMessage of its topic.</summary>
    public void Deliver(Proto.Message message) =>
        DeliveryChannel(message.Topic.Name, message.SystemProperties.QueueId).Writer.TryWrite(message);

    /// <summary>Messages delivered and not yet handed out.</summary>
    public int Undelivered => _deliveries.Values.Sum(c => c.Reader.Count);

    /// <summary>Pushes a command to the client's open Telemetry stream.</summary>
    public async Task PushAsync(string clientId, TelemetryCommand command)
    {
        var connection = _telemetry[clientId];
        await connection.WriteAsync(command);
    }

    /// <summary>Ends every open Telemetry stream from the server side.</summary>
    public void CloseTelemetryStreams()
    {
        foreach (var connection in _telemetry.Values)
        {
            connection.Close();
        }
    }

    public string NextReceiptHandle() => $"receipt-{Interlocked.Increment(ref _receiptSequence)}";

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            CloseTelemetryStreams();
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(stopping.Token).WaitAsync(TimeSpan.FromSeconds(30));
            await _app.DisposeAsync();
        }
    }

    public Proto.Settings DefaultServerSettings(Proto.Settings client)
    {
        var reply = client.Clone();
        reply.Metric = new Metric { On = false };
        if (client.PubSubCase == Proto.Settings.PubSubOneofCase.Publishing)
        {
            reply.BackoffPolicy = ProducerBackoff.Clone();
            reply.Publishing.MaxBodySize = MaxBodySize;
            reply.Publishing.ValidateMessageType = true;
        }
        else if (client.PubSubCase == Proto.Settings.PubSubOneofCase.Subscription)
        {
            reply.BackoffPolicy = ConsumerBackoff.Clone();
            reply.Subscription.Fifo = Fifo;
            reply.Subscription.ReceiveBatchSize = ReceiveBatchSize;
            reply.Subscription.LongPollingTimeout = Duration.FromTimeSpan(LongPollingTimeout);
            if (LiteSubscriptionQuota is { } quota)
            {
                reply.Subscription.LiteSubscriptionQuota = quota;
            }

            reply.Subscription.MaxLiteTopicSize = 64;
        }

        return reply;
    }

    public List<MessageQueue> QueuesOf(string topic)
    {
        var (type, count) = Topics[topic];
        return Enumerable.Range(0, count).Select(id => Queue(topic, id, type, "broker-a", Port)).ToList();
    }

    public static MessageQueue Queue(string topic, int id, Proto.MessageType type, string brokerName, int port)
    {
        var queue = new MessageQueue
        {
            Topic = new Resource { Name = topic },
            Id = id,
            Permission = Permission.ReadWrite,
            Broker = new Proto.Broker
            {
                Name = brokerName,
                Id = 0,
                Endpoints = new Proto.Endpoints { Scheme = AddressScheme.Ipv4, Addresses = { new Address { Host = "127.0.0.1", Port = port } } },
            },
        };

        queue.AcceptMessageTypes.Add(type);
        return queue;
    }

    private Channel<Proto.Message> DeliveryChannel(string topic, int queueId) =>
        _deliveries.GetOrAdd(DeliverPerQueue ? $"{topic}#{queueId}" : topic, static _ => Channel.CreateUnbounded<Proto.Message>());

    private GrpcServiceDefinition CreateDefinition() => GrpcServiceDefinition.CreateBuilder()
        .AddUnaryMethod(MessagingService.QueryRoute, (r, c) => Record(nameof(QueryRoute), r, c, QueryRoute))
        .AddUnaryMethod(MessagingService.Heartbeat, (r, c) => Record(nameof(Heartbeat), r, c, Heartbeat))
        .AddUnaryMethod(MessagingService.SendMessage, (r, c) => Record(nameof(SendMessage), r, c, SendMessage))
        .AddUnaryMethod(MessagingService.QueryAssignment, (r, c) => Record(nameof(QueryAssignment), r, c, QueryAssignment))
        .AddServerStreamingMethod(MessagingService.ReceiveMessage, (r, w, c) =>
        {
            Calls.Enqueue(new RecordedCall(nameof(ReceiveMessage), c.RequestHeaders, r));
            return ReceiveMessage(r, w, c);
        })
        .AddUnaryMethod(MessagingService.AckMessage, (r, c) => Record(nameof(AckMessage), r, c, AckMessage))
        .AddUnaryMethod(MessagingService.ChangeInvisibleDuration, (r, c) => Record(nameof(ChangeInvisibleDuration), r, c, ChangeInvisibleDuration))
        .AddUnaryMethod(MessagingService.ForwardMessageToDeadLetterQueue, (r, c) => Record(nameof(ForwardToDeadLetterQueue), r, c, ForwardToDeadLetterQueue))
        .AddUnaryMethod(MessagingService.NotifyClientTermination, (r, c) => Record(nameof(NotifyClientTermination), r, c, NotifyClientTermination))
        .AddUnaryMethod(MessagingService.SyncLiteSubscription, (r, c) => Record(nameof(SyncLiteSubscription), r, c, SyncLiteSubscription))
        .AddDuplexStreamingMethod(MessagingService.Telemetry, TelemetryAsync)
        .Build();

    private Task<TResponse> Record<TRequest, TResponse>(string method, TRequest request, ServerCallContext context, Func<TRequest, ServerCallContext, Task<TResponse>> handler)
        where TRequest : IMessage
    {
        Calls.Enqueue(new RecordedCall(method, context.RequestHeaders, request));
        return handler(request, context);
    }

    private async Task TelemetryAsync(IAsyncStreamReader<TelemetryCommand> requests, IServerStreamWriter<TelemetryCommand> responses, ServerCallContext context)
    {
        Interlocked.Increment(ref _telemetryConnections);
        var clientId = context.RequestHeaders.GetValue("x-mq-client-id") ?? "";
        using var closed = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        var connection = new TelemetryConnection(responses, closed);
        _telemetry[clientId] = connection;
        Calls.Enqueue(new RecordedCall("Telemetry", context.RequestHeaders, new TelemetryCommand()));
        try
        {
            while (await requests.MoveNext(closed.Token))
            {
                var command = requests.Current;
                if (command.CommandCase != TelemetryCommand.CommandOneofCase.Settings)
                {
                    continue;
                }

                ReceivedSettings.Enqueue((clientId, command.Settings));
                await SettingsGate.WaitAsync(closed.Token);
                if (ServerSettings(command.Settings) is { } reply)
                {
                    await connection.WriteAsync(new TelemetryCommand { Status = Ok(), Settings = reply });
                }
            }
        }
        catch (OperationCanceledException) when (closed.IsCancellationRequested)
        {
            // Closed by the test or by the client.
        }
        finally
        {
            _telemetry.TryRemove(new KeyValuePair<string, TelemetryConnection>(clientId, connection));
        }
    }

    private Task<QueryRouteResponse> DefaultQueryRoute(QueryRouteRequest request, ServerCallContext context)
    {
        var response = new QueryRouteResponse();
        if (!Topics.ContainsKey(request.Topic.Name))
        {
            response.Status = Error(Code.TopicNotFound, $"topic {request.Topic.Name} not found");
            return Task.FromResult(response);
        }

        response.Status = Ok();
        response.MessageQueues.AddRange(QueuesOf(request.Topic.Name));
        return Task.FromResult(response);
    }

    private Task<SendMessageResponse> DefaultSendMessage(SendMessageRequest request, ServerCallContext context)
    {
        var response = new SendMessageResponse { Status = Ok() };
        foreach (var message in request.Messages)
        {
            response.Entries.Add(new SendResultEntry { Status = Ok(), MessageId = message.SystemProperties.MessageId, Offset = Interlocked.Increment(ref _offset) });
        }

        return Task.FromResult(response);
    }

    private Task<QueryAssignmentResponse> DefaultQueryAssignment(QueryAssignmentRequest request, ServerCallContext context)
    {
        var response = new QueryAssignmentResponse { Status = Ok() };
        foreach (var queue in QueuesOf(request.Topic.Name))
        {
            response.Assignments.Add(new Assignment { MessageQueue = queue });
        }

        return Task.FromResult(response);
    }

    private async Task DefaultReceiveMessage(ReceiveMessageRequest request, IServerStreamWriter<ReceiveMessageResponse> responses, ServerCallContext context)
    {
        var channel = DeliveryChannel(request.MessageQueue.Topic.Name, request.MessageQueue.Id);
        var messages = new List<Proto.Message>();
        var wait = request.LongPollingTimeout?.ToTimeSpan() ?? TimeSpan.FromSeconds(1);
        using var poll = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        poll.CancelAfter(wait);
        try
        {
            var first = await channel.Reader.ReadAsync(poll.Token);
            messages.Add(first);
            while (messages.Count < request.BatchSize && channel.Reader.TryRead(out var next))
            {
                messages.Add(next);
            }
        }
        catch (OperationCanceledException) when (!context.CancellationToken.IsCancellationRequested)
        {
            // Long poll over without messages.
        }

        await WriteReceiveAsync(responses, messages);
    }

    public static async Task WriteReceiveAsync(IServerStreamWriter<ReceiveMessageResponse> responses, IReadOnlyList<Proto.Message> messages, Proto.Status? status = null)
    {
        await responses.WriteAsync(new ReceiveMessageResponse { Status = status ?? (messages.Count > 0 ? Ok() : Error(Code.MessageNotFound, "no new message")) });
        foreach (var message in messages)
        {
            await responses.WriteAsync(new ReceiveMessageResponse { Message = message });
        }

        await responses.WriteAsync(new ReceiveMessageResponse { DeliveryTimestamp = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow) });
    }

    private static AckMessageResponse AckAll(AckMessageRequest request)
    {
        var response = new AckMessageResponse { Status = Ok() };
        foreach (var entry in request.Entries)
        {
            response.Entries.Add(new AckMessageResultEntry { MessageId = entry.MessageId, ReceiptHandle = entry.ReceiptHandle, Status = Ok() });
        }

        return response;
    }

    private sealed class TelemetryConnection(IServerStreamWriter<TelemetryCommand> writer, CancellationTokenSource closed)
    {
        private readonly SemaphoreSlim _lock = new(1, 1);

        public async Task WriteAsync(TelemetryCommand command)
        {
            await _lock.WaitAsync();
            try
            {
                await writer.WriteAsync(command);
            }
            finally
            {
                _lock.Release();
            }
        }

        public void Close()
        {
            try
            {
                closed.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
}

/// <summary>One call the fake received.</summary>
internal sealed record RecordedCall(string Method, Metadata Headers, IMessage Request);
