using System.Security.Cryptography;
using Google.Protobuf.WellKnownTypes;
using VoiceAgent.Broker.Configuration;
using VoiceAgent.Broker.Consumption;
using VoiceAgent.Broker.Diagnostics;
using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.Broker.Storage;

/// <summary>
/// The send path: checks a message the way the RocketMQ proxy does, picks its queue (creating lite topics on
/// first use), stamps the store-side properties and stores it, or holds it until its delivery time (DELAY topics).
/// </summary>
internal sealed class MessageWriter : IDisposable
{
    private const int MaxMessageIdLength = 128;

    /// <summary>The longest born host and trace context accepted (characters).</summary>
    private const int MaxHeaderFieldLength = 1024;

    /// <summary>Bytes a stored message takes beyond its encoded size: the store-side properties and the object itself.</summary>
    private const int StoredOverhead = 128;
    private static readonly TimeSpan MaxDelay = TimeSpan.FromDays(3);

    private readonly BrokerOptions _options;
    private readonly TopicStore _topics;
    private readonly DeliveryEngine _delivery;
    private readonly BrokerMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly DueQueue<(BrokerQueue Queue, StoredMessage Message)> _delayed;

    public MessageWriter(BrokerOptions options, TopicStore topics, DeliveryEngine delivery, BrokerMetrics metrics, TimeProvider time)
    {
        _options = options;
        _topics = topics;
        _delivery = delivery;
        _metrics = metrics;
        _time = time;
        _delayed = new DueQueue<(BrokerQueue, StoredMessage)>(time, OnDelayDue);
    }

    /// <summary>The <c>host:port</c> stamped as store host on every message.</summary>
    public string StoreHost { get; set; } = "127.0.0.1";

    /// <summary>Messages waiting for their delivery time.</summary>
    public int DelayedCount => _delayed.Count;

    /// <summary>The most a message may take apart from its body, encoded: its properties in UTF-8 plus the fixed fields.</summary>
    private int MaxEncodedOverhead => (_options.MaxPropertiesSize * 4) + (4 * MaxHeaderFieldLength);

    /// <summary>Checks and stores one message; the entry carries its status, id and offset.</summary>
    public SendResultEntry Write(Message message)
    {
        var messageId = message.SystemProperties?.MessageId ?? string.Empty;
        var outcome = Store(message, out var offset);
        return new SendResultEntry { Status = outcome.ToStatus(), MessageId = messageId, Offset = offset };
    }

    public void Dispose() => _delayed.Dispose();

    /// <summary>
    /// Checks and stores the messages of one send as a unit: all of them are stored, or none (a producer retries the whole
    /// send, so a partial store would duplicate and reorder a message group). A DELAY topic's batch is stored message by message.
    /// </summary>
    public IReadOnlyList<SendResultEntry> WriteBatch(IReadOnlyList<Message> messages)
    {
        if (messages.Count == 1)
        {
            return [Write(messages[0])];
        }

        var prepared = new Prepared[messages.Count];
        for (var i = 0; i < messages.Count; i++)
        {
            var outcome = Prepare(messages[i], out prepared[i]);
            if (!outcome.IsOk)
            {
                return Refused(messages, outcome, i);
            }
        }

        if (prepared[0].Topic.Type == TopicType.Delay)
        {
            return [.. messages.Select(Write)];
        }

        var items = new (BrokerQueue Queue, StoredMessage Message)[prepared.Length];
        while (true)
        {
            for (var i = 0; i < prepared.Length; i++)
            {
                items[i] = (prepared[i].Queue, prepared[i].Stored);
            }

            switch (_topics.AppendAll(items))
            {
                case AppendStatus.Stored:
                    var entries = new SendResultEntry[prepared.Length];
                    for (var i = 0; i < prepared.Length; i++)
                    {
                        var item = prepared[i];
                        _metrics.MessageStored(item.Topic.Name, item.Type.ToString(), item.Stored.Size);
                        entries[i] = new SendResultEntry { Status = Outcome.Ok.ToStatus(), MessageId = item.Stored.MessageId, Offset = item.Stored.Offset };
                    }

                    foreach (var queue in items.Select(item => item.Queue).Distinct())
                    {
                        _delivery.OnStored(queue);
                    }

                    return entries;
                case AppendStatus.QueueFull:
                    return Refused(messages, FlowControlled(prepared[0].Topic, "queue"), index: -1);
                case AppendStatus.BrokerFull:
                    return Refused(messages, FlowControlled(prepared[0].Topic, "broker"), index: -1);
                default:
                    // A lite topic expired between lookup and append: fresh ones take the messages.
                    for (var i = 0; i < prepared.Length; i++)
                    {
                        if (prepared[i].Queue.Removed)
                        {
                            if (_topics.GetOrCreateLiteTopic(prepared[i].Topic, prepared[i].Stored.Template.SystemProperties.LiteTopic) is not { } fresh)
                            {
                                return Refused(messages, new Outcome(Code.LiteTopicQuotaExceeded, $"The broker holds its maximum of {_options.MaxLiteTopics} lite topics."), index: -1);
                            }

                            prepared[i] = prepared[i] with { Queue = fresh };
                        }
                    }

                    break;
            }
        }
    }

    /// <summary>The entries of a send of which nothing was stored: <paramref name="outcome"/> for the culprit (or all when -1).</summary>
    private static SendResultEntry[] Refused(IReadOnlyList<Message> messages, Outcome outcome, int index)
    {
        var entries = new SendResultEntry[messages.Count];
        var notStored = new Outcome(outcome.Code, $"Not stored: message {index} of this send was refused ({outcome.Message}).");
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = new SendResultEntry
            {
                Status = (index < 0 || i == index ? outcome : notStored).ToStatus(),
                MessageId = messages[i].SystemProperties?.MessageId ?? string.Empty,
            };
        }

        return entries;
    }

    private Outcome Store(Message message, out long offset)
    {
        offset = 0;
        var prepared = Prepare(message, out var item);
        if (!prepared.IsOk)
        {
            return prepared;
        }

        var (topic, queue, stored, type, deliverAt) = item;
        var size = stored.Size;
        var properties = message.SystemProperties;
        if (deliverAt is { } at)
        {
            bool fits;
            lock (queue.Gate)
            {
                var log = queue.Log;
                fits = log.Bytes - log.RetainedBytes + queue.DelayedBytes + size <= _options.MaxQueueBytes;
                if (fits)
                {
                    queue.AddDelayed(size);
                }
            }

            if (!fits)
            {
                return FlowControlled(topic, "queue");
            }

            if (!_topics.TryReserve(size))
            {
                queue.AddDelayed(-size);
                return FlowControlled(topic, "broker");
            }

            _delayed.Schedule((queue, stored), at.ToUnixTimeMilliseconds());
            return Outcome.Ok;
        }

        while (true)
        {
            switch (_topics.Append(queue, stored))
            {
                case AppendStatus.Stored:
                    offset = stored.Offset;
                    _metrics.MessageStored(topic.Name, type.ToString(), size);
                    _delivery.OnStored(queue);
                    return Outcome.Ok;
                case AppendStatus.QueueFull:
                    return FlowControlled(topic, "queue");
                case AppendStatus.BrokerFull:
                    return FlowControlled(topic, "broker");
                default:
                    // The lite topic expired between lookup and append: a fresh one takes the message.
                    queue = _topics.GetOrCreateLiteTopic(topic, properties.LiteTopic);
                    if (queue is null)
                    {
                        return new Outcome(Code.LiteTopicQuotaExceeded, $"The broker holds its maximum of {_options.MaxLiteTopics} lite topics.");
                    }

                    break;
            }
        }
    }

    /// <summary>Checks a message, picks its queue and stamps its store-side properties; nothing is stored yet.</summary>
    private Outcome Prepare(Message message, out Prepared prepared)
    {
        prepared = default;
        var topicName = message.Topic?.Name;
        if (!NameRules.IsValidResourceName(topicName))
        {
            return new Outcome(Code.IllegalTopic, $"'{topicName}' is not a valid topic name.");
        }

        if (topicName!.StartsWith(NameRules.DeadLetterPrefix, StringComparison.Ordinal))
        {
            return new Outcome(Code.IllegalTopic, $"Topic '{topicName}' is a dead-letter topic, which only the broker writes.");
        }

        if (_topics.Find(topicName) is not { } topic)
        {
            return new Outcome(Code.TopicNotFound, $"Topic '{topicName}' does not exist.");
        }

        var checkedOutcome = Check(message, topic, out var type, out var size);
        if (!checkedOutcome.IsOk)
        {
            return checkedOutcome;
        }

        var properties = message.SystemProperties;
        var queue = topic.Type == TopicType.Lite ? _topics.GetOrCreateLiteTopic(topic, properties.LiteTopic) : PickQueue(topic, properties);
        if (queue is null)
        {
            return new Outcome(Code.LiteTopicQuotaExceeded, $"The broker holds its maximum of {_options.MaxLiteTopics} lite topics; '{properties.LiteTopic}' was not created.");
        }

        var now = _time.GetUtcNow();
        properties.BodyDigest = new Digest { Type = DigestType.Md5, Checksum = Md5Hex(message.Body.Span) };
        properties.MessageType = type;
        properties.StoreTimestamp = Timestamp.FromDateTimeOffset(now);
        properties.StoreHost = StoreHost;
        properties.QueueId = queue.QueueId;
        properties.ClearReceiptHandle();
        properties.ClearDeliveryAttempt();
        properties.InvisibleDuration = null;
        properties.ClearQueueOffset();
        properties.DeadLetterQueue = null;
        var stored = new StoredMessage(message, size, now.ToUnixTimeMilliseconds(), topic.Type == TopicType.Fifo ? properties.MessageGroup : null);

        var deliverAt = properties.DeliveryTimestamp is null ? now : properties.DeliveryTimestamp.ToDateTimeOffset();
        prepared = new Prepared(topic, queue, stored, type, type == MessageType.Delay && deliverAt > now ? deliverAt : null);
        return Outcome.Ok;
    }

    private Outcome Check(Message message, Topic topic, out MessageType type, out int size)
    {
        type = MessageType.Unspecified;
        size = 0;
        var properties = message.SystemProperties;
        if (properties is null)
        {
            return new Outcome(Code.BadRequest, "The message has no system properties.");
        }

        if (string.IsNullOrEmpty(properties.MessageId) || properties.MessageId.Length > MaxMessageIdLength)
        {
            return new Outcome(Code.IllegalMessageId, "The message needs a message id of at most 128 characters.");
        }

        if (message.Body.IsEmpty)
        {
            return new Outcome(Code.MessageBodyEmpty, "The message body is empty.");
        }

        if (message.Body.Length > _options.MaxBodySize)
        {
            return new Outcome(Code.MessageBodyTooLarge, $"The message body has {message.Body.Length} bytes; the limit is {_options.MaxBodySize}.");
        }

        if (properties.HasTag && (string.IsNullOrWhiteSpace(properties.Tag) || properties.Tag.Contains('|', StringComparison.Ordinal)))
        {
            return new Outcome(Code.IllegalMessageTag, "A message tag must not be blank nor contain '|'.");
        }

        var propertyBytes = (properties.Tag?.Length ?? 0) + (properties.MessageGroup?.Length ?? 0) + (properties.LiteTopic?.Length ?? 0);
        foreach (var key in properties.Keys)
        {
            if (string.IsNullOrWhiteSpace(key))
            {
                return new Outcome(Code.IllegalMessageKey, "A message key must not be blank.");
            }

            propertyBytes += key.Length;
        }

        foreach (var (key, value) in message.UserProperties)
        {
            if (string.IsNullOrWhiteSpace(key) || key.Any(char.IsControl))
            {
                return new Outcome(Code.IllegalMessagePropertyKey, $"'{key}' is not a valid property key.");
            }

            propertyBytes += key.Length + value.Length;
        }

        if (propertyBytes > _options.MaxPropertiesSize)
        {
            return new Outcome(Code.MessagePropertiesTooLarge, $"The message properties take {propertyBytes} characters; the limit is {_options.MaxPropertiesSize}.");
        }

        if (properties.BornHost.Length > MaxHeaderFieldLength || properties.TraceContext.Length > MaxHeaderFieldLength)
        {
            return new Outcome(Code.MessagePropertiesTooLarge, $"The born host and the trace context take at most {MaxHeaderFieldLength} characters each.");
        }

        // Checked before anything converts them: the generated conversions throw on values out of range.
        if (properties.BornTimestamp is { } born && !ProtobufTime.TryToDateTimeOffset(born, out _))
        {
            return new Outcome(Code.BadRequest, "The born timestamp is not a valid timestamp (seconds out of range or nanos outside 0..999999999).");
        }

        if (properties.DeliveryTimestamp is { } deliverAt && !ProtobufTime.TryToDateTimeOffset(deliverAt, out _))
        {
            return new Outcome(Code.IllegalDeliveryTime, "The delivery timestamp is not a valid timestamp (seconds out of range or nanos outside 0..999999999).");
        }

        if (properties.HasMessageGroup && (string.IsNullOrWhiteSpace(properties.MessageGroup) || properties.MessageGroup.Length > _options.MaxMessageGroupLength))
        {
            return new Outcome(Code.IllegalMessageGroup, $"A message group must not be blank and at most {_options.MaxMessageGroupLength} characters.");
        }

        var typeOutcome = ResolveType(properties, out type);
        if (!typeOutcome.IsOk)
        {
            return typeOutcome;
        }

        if (type != topic.AcceptedMessageType)
        {
            return new Outcome(
                Code.MessagePropertyConflictWithType,
                $"Topic '{topic.Name}' accepts {topic.AcceptedMessageType} messages, and this one is {type}.");
        }

        // Everything the message holds counts, fields this broker does not know included (they are kept and delivered).
        var encoded = message.CalculateSize();
        if (encoded - message.Body.Length > MaxEncodedOverhead)
        {
            return new Outcome(
                Code.MessagePropertiesTooLarge,
                $"The message without its body takes {encoded - message.Body.Length} bytes; the limit is {MaxEncodedOverhead}.");
        }

        size = encoded + StoredOverhead;
        return Outcome.Ok;
    }

    private Outcome ResolveType(SystemProperties properties, out MessageType type)
    {
        var hasGroup = properties.HasMessageGroup;
        var hasLite = properties.HasLiteTopic;
        var hasDelay = properties.DeliveryTimestamp is not null;
        type = properties.MessageType;
        if (type == MessageType.Unspecified)
        {
            type = hasLite ? MessageType.Lite : hasGroup ? MessageType.Fifo : hasDelay ? MessageType.Delay : MessageType.Normal;
        }

        switch (type)
        {
            case MessageType.Transaction:
            case MessageType.Priority:
                return new Outcome(Code.Unsupported, $"{type} messages are not supported by the embedded broker.");
            case MessageType.Lite when !NameRules.IsValidLiteTopicName(properties.LiteTopic, _options.MaxLiteTopicNameLength):
                return new Outcome(
                    Code.IllegalLiteTopic,
                    $"'{properties.LiteTopic}' is not a valid lite topic: use 1 to {_options.MaxLiteTopicNameLength} letters, digits, '_' or '-'.");
            case MessageType.Lite when hasGroup || hasDelay:
                return new Outcome(Code.MessagePropertyConflictWithType, "A lite message cannot carry a message group or a delivery time.");
            case MessageType.Fifo when !hasGroup:
                return new Outcome(Code.MessagePropertyConflictWithType, "A FIFO message needs a message group.");
            case MessageType.Delay when !hasDelay:
                return new Outcome(Code.IllegalDeliveryTime, "A DELAY message needs a delivery timestamp.");
            case MessageType.Delay when properties.DeliveryTimestamp!.ToDateTimeOffset() > _time.GetUtcNow() + MaxDelay:
                return new Outcome(Code.IllegalDeliveryTime, $"The delivery timestamp is more than {MaxDelay.TotalDays} days ahead.");
            case MessageType.Normal or MessageType.Fifo when hasLite:
                return new Outcome(Code.MessagePropertyConflictWithType, $"A {type} message cannot carry a lite topic.");
            case MessageType.Normal when hasGroup || hasDelay:
                return new Outcome(Code.MessagePropertyConflictWithType, "A NORMAL message cannot carry a message group or a delivery time.");
        }

        return Outcome.Ok;
    }

    /// <summary>
    /// The queue the producer chose, as RocketMQ honours it (clients always pick one of the route's queues). An id outside
    /// the topic's queues (a stale route) maps onto them, so that one message group still lands on one queue.
    /// </summary>
    private static BrokerQueue PickQueue(Topic topic, SystemProperties properties) =>
        topic.Queues[(int)((uint)properties.QueueId % (uint)topic.Queues.Length)];

    private Outcome FlowControlled(Topic topic, string reason)
    {
        _metrics.FlowControlled(topic.Name, reason);
        return new Outcome(
            Code.TooManyRequests,
            reason == "queue"
                ? $"Flow control: a queue of topic '{topic.Name}' holds its limit of {_options.MaxQueueBytes} bytes; retry later."
                : $"Flow control: the broker holds its limit of {_options.MaxTotalBytes} bytes; retry later.");
    }

    private void OnDelayDue(List<(BrokerQueue Queue, StoredMessage Message)> due)
    {
        foreach (var (queue, message) in due)
        {
            queue.AddDelayed(-message.Size);
            if (_topics.Append(queue, message, Admission.Reserved) == AppendStatus.Stored)
            {
                _metrics.MessageStored(queue.Topic.Name, nameof(MessageType.Delay), message.Size);
                _delivery.OnStored(queue);
            }
        }
    }

    private readonly record struct Prepared(Topic Topic, BrokerQueue Queue, StoredMessage Stored, MessageType Type, DateTimeOffset? DeliverAt);

    private static string Md5Hex(ReadOnlySpan<byte> body)
    {
        Span<byte> hash = stackalloc byte[MD5.HashSizeInBytes];
        MD5.HashData(body, hash);
        return Convert.ToHexString(hash);
    }
}
