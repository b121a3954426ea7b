using System.Diagnostics;
using System.IO.Compression;
using Google.Protobuf;
using Proto = VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.RocketMQ;

/// <summary>A received message: what the producer sent plus what the server added on delivery.</summary>
public sealed class MessageView
{
    /// <summary>The largest body a GZIP-encoded message may inflate to (a producer sends at most 4 MiB before compressing).</summary>
    internal const int MaxInflatedBodySize = 16 * 1024 * 1024;

    private int _deliveryAttempt;

    private MessageView(Proto.Message message, ReadOnlyMemory<byte> body, bool corrupted, BrokerEndpoints endpoints, DateTimeOffset? transportDeliveryTimestamp)
    {
        var system = message.SystemProperties ?? new Proto.SystemProperties();
        MessageId = system.MessageId;
        Topic = message.Topic?.Name ?? "";
        Body = body;
        Tag = system.HasTag ? system.Tag : null;
        // The decoded protobuf message belongs to this view alone, so its collections are exposed as they are.
        Keys = system.Keys;
        Properties = message.UserProperties;
        MessageGroup = system.HasMessageGroup ? system.MessageGroup : null;
        LiteTopic = system.HasLiteTopic && system.LiteTopic.Length > 0 ? system.LiteTopic : null;
        DeliveryTimestamp = ProtobufTime.ToDateTimeOffsetOrNull(system.DeliveryTimestamp);
        BornHost = system.BornHost;
        BornTimestamp = ProtobufTime.ToDateTimeOffsetOrNull(system.BornTimestamp) ?? default;
        StoreTimestamp = ProtobufTime.ToDateTimeOffsetOrNull(system.StoreTimestamp);
        _deliveryAttempt = system.HasDeliveryAttempt ? system.DeliveryAttempt : 1;
        Type = system.MessageType switch
        {
            Proto.MessageType.Fifo => MessageType.Fifo,
            Proto.MessageType.Delay => MessageType.Delay,
            Proto.MessageType.Lite => MessageType.Lite,
            _ => MessageType.Normal,
        };
        TraceContext = system.HasTraceContext && system.TraceContext.Length > 0 ? system.TraceContext : null;
        ReceiptHandle = system.HasReceiptHandle ? system.ReceiptHandle : "";
        QueueId = system.QueueId;
        Offset = system.HasQueueOffset ? system.QueueOffset : -1;
        IsCorrupted = corrupted;
        Endpoints = endpoints;
        TransportDeliveryTimestamp = transportDeliveryTimestamp;
        DecodedAt = Stopwatch.GetTimestamp();
    }

    public string MessageId { get; }

    public string Topic { get; }

    public ReadOnlyMemory<byte> Body { get; }

    public string? Tag { get; }

    public IReadOnlyList<string> Keys { get; }

    public IReadOnlyDictionary<string, string> Properties { get; }

    public string? MessageGroup { get; }

    public string? LiteTopic { get; }

    /// <summary>The delivery timestamp a delayed message was sent with.</summary>
    public DateTimeOffset? DeliveryTimestamp { get; }

    public string BornHost { get; }

    public DateTimeOffset BornTimestamp { get; }

    public DateTimeOffset? StoreTimestamp { get; }

    /// <summary>Which delivery this is, starting at 1; local retries of push consumers count too.</summary>
    public int DeliveryAttempt => Volatile.Read(ref _deliveryAttempt);

    public MessageType Type { get; }

    /// <summary>The W3C <c>traceparent</c> of the producer's send span, if it had one.</summary>
    public string? TraceContext { get; }

    internal string ReceiptHandle { get; set; }

    internal int QueueId { get; }

    /// <summary>
    /// The message's offset in its queue as the server reported it (for a lite topic: its position in that lite
    /// topic, dense from 0), or -1 when the server sent none.
    /// </summary>
    public long Offset { get; }

    /// <summary>The body did not match its digest (or could not be decoded).</summary>
    internal bool IsCorrupted { get; }

    /// <summary>The endpoints that delivered the message; settlement goes back there.</summary>
    internal BrokerEndpoints Endpoints { get; }

    /// <summary>When the server sent the batch, for the delivery latency metric.</summary>
    internal DateTimeOffset? TransportDeliveryTimestamp { get; }

    /// <summary>Stopwatch timestamp of decoding, for the await time metric.</summary>
    internal long DecodedAt { get; }

    internal int IncrementDeliveryAttempt() => Interlocked.Increment(ref _deliveryAttempt);

    /// <summary>
    /// Decodes a delivered message, verifying its digest and undoing GZIP body encoding. Never throws for what a
    /// producer controls: a body that cannot be verified or inflated (or inflates past <paramref name="maxInflatedBodySize"/>)
    /// makes the view <see cref="IsCorrupted"/>, and a timestamp out of range reads as absent, so that one bad message is
    /// settled as corrupted instead of failing the whole receive.
    /// </summary>
    internal static MessageView FromProtobuf(
        Proto.Message message,
        BrokerEndpoints endpoints,
        DateTimeOffset? transportDeliveryTimestamp = null,
        int maxInflatedBodySize = MaxInflatedBodySize)
    {
        var system = message.SystemProperties;
        var raw = message.Body.Memory;
        var corrupted = !BodyDigest.Matches(system?.BodyDigest, raw.Span);
        var body = raw;
        if (!corrupted && system?.BodyEncoding == Proto.Encoding.Gzip)
        {
            var inflated = TryGunzip(raw, maxInflatedBodySize);
            corrupted = inflated is null;
            body = inflated ?? raw;
        }

        return new MessageView(message, body, corrupted, endpoints, transportDeliveryTimestamp);
    }

    internal static ByteString WrapBody(ReadOnlyMemory<byte> body) => UnsafeByteOperations.UnsafeWrap(body);

    public override string ToString() =>
        $"MessageView(id={MessageId}, topic={Topic}, group={MessageGroup}, liteTopic={LiteTopic}, attempt={DeliveryAttempt}, bodySize={Body.Length})";

    /// <summary>The inflated body, or null when the data is not GZIP or inflates past <paramref name="limit"/> bytes.</summary>
    private static byte[]? TryGunzip(ReadOnlyMemory<byte> data, int limit)
    {
        try
        {
            using var input = new MemoryStream(data.ToArray(), writable: false);
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = gzip.Read(buffer)) > 0)
            {
                if (output.Length + read > limit)
                {
                    return null;
                }

                output.Write(buffer, 0, read);
            }

            return output.ToArray();
        }
        catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException)
        {
            return null;
        }
    }
}
