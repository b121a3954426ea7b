using System.Globalization;
using System.Security.Cryptography;

using System.Threading.Channels;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using VoiceAgent.Broker;
using VoiceAgent.Grpc;
using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.Tests.Broker;

/// <summary>A RocketMQ client reduced to the raw protocol: our gRPC channel, the generated messages, the transport headers.</summary>
internal sealed class RawClient : IAsyncDisposable
{
    private readonly GrpcChannel _channel;
    private readonly EmbeddedBroker _broker;
    private readonly string? _accessKey;
    private readonly string? _secretKey;
    private readonly Channel<TelemetryCommand> _commands = Channel.CreateUnbounded<TelemetryCommand>();
    private AsyncDuplexStreamingCall<TelemetryCommand, TelemetryCommand>? _telemetry;
    private Task? _telemetryReader;
    private int _messageCounter;

    public RawClient(EmbeddedBroker broker, string? clientId = null, string? accessKey = null, string? secretKey = null)
    {
        _broker = broker;
        _channel = GrpcChannel.ForAddress(broker.GrpcEndpoint);
        ClientId = clientId ?? $"raw@{Guid.NewGuid():N}";
        _accessKey = accessKey;
        _secretKey = secretKey;
    }

    public string ClientId { get; }

    /// <summary>Replaces the signing date (to test the clock-skew window).</summary>
    public DateTime? SigningTime { get; set; }

    /// <summary>Server commands received on the telemetry stream after the settings reply.</summary>
    public ChannelReader<TelemetryCommand> Commands => _commands.Reader;

    public CallOptions Call(TimeSpan? timeout = null, bool withClientId = true)
    {
        var headers = new Metadata();
        var dateTime = (SigningTime ?? DateTime.UtcNow).ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        headers.Add("x-mq-protocol", "v2");
        if (withClientId)
        {
            headers.Add("x-mq-client-id", ClientId);
        }

        headers.Add("x-mq-date-time", dateTime);
        headers.Add("x-mq-request-id", Guid.NewGuid().ToString());
        headers.Add("x-mq-language", "DOT_NET");
        headers.Add("x-mq-client-version", "test");
        if (_accessKey is not null && _secretKey is not null)
        {
            var signature = Convert.ToHexString(HMACSHA1.HashData(System.Text.Encoding.UTF8.GetBytes(_secretKey), System.Text.Encoding.UTF8.GetBytes(dateTime)));
            headers.Add("authorization", $"MQv2-HMAC-SHA1 Credential={_accessKey}, SignedHeaders=x-mq-date-time, Signature={signature}");
        }

        return new CallOptions(headers, DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30)));
    }

    public Task<TResponse> UnaryAsync<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest request, bool withClientId = true) =>
        _channel.UnaryAsync(method, request, Call(withClientId: withClientId)).WaitAsync(TimeSpan.FromSeconds(30));

    public Task<QueryRouteResponse> QueryRouteAsync(string topic) =>
        UnaryAsync(MessagingService.QueryRoute, new QueryRouteRequest
        {
            Topic = new Resource { Name = topic },
            Endpoints = new Endpoints { Scheme = AddressScheme.Ipv4, Addresses = { new Address { Host = _broker.GrpcEndpoint.Host, Port = _broker.GrpcEndpoint.Port } } },
        });

    /// <summary>Opens the telemetry stream and sends settings; returns the broker's first answer.</summary>
    public async Task<TelemetryCommand> ConnectAsync(ClientType type, string? group = null, params string[] topics)
    {
        var settings = new Settings
        {
            ClientType = type,
            AccessPoint = new Endpoints { Scheme = AddressScheme.Ipv4, Addresses = { new Address { Host = "127.0.0.1", Port = _broker.GrpcEndpoint.Port } } },
            RequestTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(3)),
            UserAgent = new UA { Language = Language.DotNet, Version = "test" },
        };
        if (type == ClientType.Producer)
        {
            settings.Publishing = new Publishing { Topics = { topics.Select(topic => new Resource { Name = topic }) } };
        }
        else
        {
            settings.Subscription = new Subscription { Group = new Resource { Name = group } };
            foreach (var topic in topics)
            {
                settings.Subscription.Subscriptions.Add(new SubscriptionEntry
                {
                    Topic = new Resource { Name = topic },
                    Expression = new FilterExpression { Type = FilterType.Tag, Expression = "*" },
                });
            }
        }

        return await SendSettingsAsync(settings);
    }

    public async Task<TelemetryCommand> SendSettingsAsync(Settings settings)
    {
        if (_telemetry is null)
        {
            _telemetry = _channel.DuplexStreaming(MessagingService.Telemetry, Call(TimeSpan.FromHours(1)));
            _telemetryReader = Task.Run(async () =>
            {
                try
                {
                    await foreach (var command in _telemetry.ResponseStream.ReadAllAsync())
                    {
                        await _commands.Writer.WriteAsync(command);
                    }
                }
                catch (RpcException)
                {
                }
                finally
                {
                    _commands.Writer.TryComplete();
                }
            });
        }

        try
        {
            await _telemetry.RequestStream.WriteAsync(new TelemetryCommand { Settings = settings });
        }
        catch (InvalidOperationException)
        {
            // The broker ended the stream first (a refusal); its answer is still there to read.
        }

        return await _commands.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>A telemetry stream of its own, for tests that write what a well-behaved client would not.</summary>
    public AsyncDuplexStreamingCall<TelemetryCommand, TelemetryCommand> OpenTelemetry() =>
        _channel.DuplexStreaming(MessagingService.Telemetry, Call(TimeSpan.FromMinutes(1)));

    /// <summary>Half-closes the telemetry stream, as a client does on shutdown.</summary>
    public async Task CloseTelemetryAsync()
    {
        if (_telemetry is not null)
        {
            await _telemetry.RequestStream.CompleteAsync();
            await _telemetryReader!.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    public Task<SendMessageResponse> SendAsync(string topic, string body, string? messageGroup = null, string? liteTopic = null, int size = 0)
    {
        var properties = new SystemProperties
        {
            MessageId = $"{ClientId}-{Interlocked.Increment(ref _messageCounter)}",
            BornTimestamp = Timestamp.FromDateTime(DateTime.UtcNow),
            BornHost = "test",
            BodyEncoding = VoiceAgent.RocketMQ.Protocol.Encoding.Identity,
            QueueId = 0,
        };
        if (messageGroup is not null)
        {
            properties.MessageGroup = messageGroup;
            properties.MessageType = MessageType.Fifo;
        }
        else if (liteTopic is not null)
        {
            properties.LiteTopic = liteTopic;
            properties.MessageType = MessageType.Lite;
        }
        else
        {
            properties.MessageType = MessageType.Normal;
        }

        var payload = size > 0 ? ByteString.CopyFrom(new byte[size]) : ByteString.CopyFromUtf8(body);
        return UnaryAsync(MessagingService.SendMessage, new SendMessageRequest
        {
            Messages = { new Message { Topic = new Resource { Name = topic }, SystemProperties = properties, Body = payload } },
        });
    }

    public async Task<Received> ReceiveAsync(
        string group,
        string topic,
        int batch = 32,
        TimeSpan? invisible = null,
        bool autoRenew = false,
        TimeSpan? poll = null,
        int queueId = -1,
        Action<ReceiveMessageRequest>? edit = null)
    {
        var request = new ReceiveMessageRequest
        {
            Group = new Resource { Name = group },
            MessageQueue = new MessageQueue { Topic = new Resource { Name = topic }, Id = queueId },
            FilterExpression = new FilterExpression { Type = FilterType.Tag, Expression = "*" },
            BatchSize = batch,
            AutoRenew = autoRenew,
            LongPollingTimeout = Duration.FromTimeSpan(poll ?? TimeSpan.FromSeconds(1)),
        };
        if (!autoRenew)
        {
            request.InvisibleDuration = Duration.FromTimeSpan(invisible ?? TimeSpan.FromSeconds(30));
        }

        edit?.Invoke(request);
        using var call = _channel.ServerStreaming(MessagingService.ReceiveMessage, request, Call());
        var responses = new List<ReceiveMessageResponse>();
        await foreach (var response in call.ResponseStream.ReadAllAsync().WithCancellation(CancellationToken.None))
        {
            responses.Add(response);
        }

        return new Received(responses);
    }

    public Task<AckMessageResponse> AckAsync(string group, Message message) =>
        UnaryAsync(MessagingService.AckMessage, new AckMessageRequest
        {
            Group = new Resource { Name = group },
            Topic = new Resource { Name = message.Topic.Name },
            Entries =
            {
                message.SystemProperties.HasLiteTopic
                    ? new AckMessageEntry { MessageId = message.SystemProperties.MessageId, ReceiptHandle = message.SystemProperties.ReceiptHandle, LiteTopic = message.SystemProperties.LiteTopic }
                    : new AckMessageEntry { MessageId = message.SystemProperties.MessageId, ReceiptHandle = message.SystemProperties.ReceiptHandle },
            },
        });

    public Task<SyncLiteSubscriptionResponse> SyncLiteAsync(string group, string parent, LiteSubscriptionAction action, params string[] liteTopics) =>
        UnaryAsync(MessagingService.SyncLiteSubscription, new SyncLiteSubscriptionRequest
        {
            Action = action,
            Group = new Resource { Name = group },
            Topic = new Resource { Name = parent },
            LiteTopicSet = { liteTopics },
        });

    public Task<HeartbeatResponse> HeartbeatAsync(ClientType type, string? group = null) =>
        UnaryAsync(MessagingService.Heartbeat, group is null
            ? new HeartbeatRequest { ClientType = type }
            : new HeartbeatRequest { ClientType = type, Group = new Resource { Name = group } });

    public async ValueTask DisposeAsync()
    {
        _telemetry?.Dispose();
        if (_telemetryReader is not null)
        {
            await _telemetryReader.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _channel.Dispose();
    }

    /// <summary>A receive's response stream, in order.</summary>
    public sealed record Received(List<ReceiveMessageResponse> Responses)
    {
        public Status Status => Responses.First(response => response.ContentCase == ReceiveMessageResponse.ContentOneofCase.Status).Status;

        public List<Message> Messages => [.. Responses.Where(r => r.ContentCase == ReceiveMessageResponse.ContentOneofCase.Message).Select(r => r.Message)];

        public IEnumerable<ReceiveMessageResponse.ContentOneofCase> Shape => Responses.Select(response => response.ContentCase);
    }
}
