using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging.Abstractions;
using VoiceAgent.Broker;
using VoiceAgent.Broker.Clients;
using VoiceAgent.Broker.Configuration;
using VoiceAgent.Broker.Consumption;
using VoiceAgent.Broker.Diagnostics;
using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.Tests.Broker;

/// <summary>A broker core without transports, with helpers that speak the protocol's messages.</summary>
internal sealed class EngineHarness : IDisposable
{
    private int _messageCounter;

    public EngineHarness(Action<BrokerOptions>? configure = null)
    {
        var options = new BrokerOptions
        {
            GrpcPort = 0,
            AdminPort = 0,
            Topics = { "normal", "fifo:FIFO", "delay:DELAY", "downlink:LITE:expiration=1s" },
            Groups = { "plain", "ordered:FIFO", "gateway:lite-bind=downlink", "solo:lite-bind=downlink:exclusive", "tight:lite-bind=downlink:lite-quota=2" },
            MinInvisibleTime = TimeSpan.Zero,
        };
        configure?.Invoke(options);
        Core = new BrokerCore(options, TimeProvider.System, NullLoggerFactory.Instance, new BrokerMetrics());
    }

    public BrokerCore Core { get; }

    public SendResultEntry SendTagged(string topic, string body, string tag) =>
        Send(topic, body, edit: message => message.SystemProperties.Tag = tag);

    public SendResultEntry Send(string topic, string body, string? messageGroup = null, string? liteTopic = null, Action<Message>? edit = null)
    {
        var message = new Message
        {
            Topic = new Resource { Name = topic },
            Body = ByteString.CopyFromUtf8(body),
            SystemProperties = new SystemProperties
            {
                MessageId = $"MSG{Interlocked.Increment(ref _messageCounter):D6}",
                BornTimestamp = Timestamp.FromDateTime(DateTime.UtcNow),
                BornHost = "test",
                QueueId = -1,
            },
        };
        if (messageGroup is not null)
        {
            message.SystemProperties.MessageGroup = messageGroup;
        }

        if (liteTopic is not null)
        {
            message.SystemProperties.LiteTopic = liteTopic;
        }

        edit?.Invoke(message);
        return Core.Writer.Write(message);
    }

    public void SendOk(string topic, string body, string? messageGroup = null, string? liteTopic = null, int? queueId = null)
    {
        var entry = Send(topic, body, messageGroup, liteTopic, queueId is { } id ? message => message.SystemProperties.QueueId = id : null);
        Assert.True(entry.Status.Code == Code.Ok, $"send failed: {entry.Status}");
    }

    /// <summary>A client that completed the settings handshake.</summary>
    public ClientSession Connect(string clientId, ClientType type, string? group = null, params string[] topics)
    {
        var client = Core.Lifecycle.Attach(clientId, "ipv4:127.0.0.1:1", "DOT_NET", "test");
        var settings = new Settings { ClientType = type, UserAgent = new UA() };
        if (type == ClientType.Producer)
        {
            settings.Publishing = new Publishing();
        }
        else
        {
            settings.Subscription = new Subscription { Group = new Resource { Name = group } };
            foreach (var topic in topics)
            {
                settings.Subscription.Subscriptions.Add(new SubscriptionEntry { Topic = new Resource { Name = topic }, Expression = new FilterExpression { Type = FilterType.Tag, Expression = "*" } });
            }
        }

        var reply = Core.Lifecycle.OnSettings(client, settings);
        Assert.True(reply.Status.Code == Code.Ok, $"settings refused: {reply.Status}");
        return client;
    }

    public async Task<IReadOnlyList<Delivery>> ReceiveAsync(
        ClientSession client,
        string group,
        string topic,
        int batch = 32,
        TimeSpan? invisible = null,
        bool autoRenew = false,
        TimeSpan? poll = null,
        int queueId = -1,
        string? tags = null,
        string? attemptId = null)
    {
        var request = new ReceiveRequest(
            client,
            Core.Groups.GetOrCreate(group),
            Core.Topics.Find(topic)!,
            queueId,
            batch,
            (long)(invisible ?? TimeSpan.FromSeconds(30)).TotalMilliseconds,
            autoRenew,
            poll ?? TimeSpan.Zero,
            attemptId,
            TagFilter.Parse(tags));
        return await Core.Delivery.ReceiveAsync(request, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
    }

    public Message Deliver(Delivery delivery) => Core.Delivery.ToMessage(delivery);

    public Outcome Ack(Delivery delivery, string group)
    {
        var message = Deliver(delivery);
        return Core.Delivery.Ack(message.SystemProperties.ReceiptHandle, Core.Groups.GetOrCreate(group), message.Topic.Name, message.SystemProperties.LiteTopic);
    }

    public Outcome SyncLite(ClientSession client, string group, LiteSubscriptionAction action, params string[] liteTopics)
    {
        var request = new SyncLiteSubscriptionRequest
        {
            Action = action,
            Topic = new Resource { Name = "downlink" },
            Group = new Resource { Name = group },
        };
        request.LiteTopicSet.Add(liteTopics);
        return Core.LiteSubscriptions.Sync(client, request);
    }

    /// <summary>A PARTIAL_ADD to any LITE parent, with an optional offset option.</summary>
    public Outcome Subscribe(ClientSession client, string group, string parent, string liteTopic, OffsetOption? offset = null)
    {
        var request = new SyncLiteSubscriptionRequest
        {
            Action = LiteSubscriptionAction.PartialAdd,
            Topic = new Resource { Name = parent },
            Group = new Resource { Name = group },
            OffsetOption = offset,
        };
        request.LiteTopicSet.Add(liteTopic);
        return Core.LiteSubscriptions.Sync(client, request);
    }

    /// <summary>A lite consumer's suspend (or a plain invisible time change) of a delivery; the new handle in <paramref name="newHandle"/>.</summary>
    public Outcome Suspend(Delivery delivery, string group, TimeSpan duration, bool suspend = true)
    {
        var message = Deliver(delivery);
        return Core.Delivery.ChangeInvisibleTime(
            message.SystemProperties.ReceiptHandle,
            Core.Groups.GetOrCreate(group),
            message.Topic.Name,
            message.SystemProperties.LiteTopic,
            duration,
            suspend,
            out _);
    }

    public static string Body(Delivery delivery) => delivery.Message.Template.Body.ToStringUtf8();

    public void Dispose() => Core.Dispose();
}
