using System.Buffers;
using System.Threading.Channels;
using VoiceAgent.Broker;
using VoiceAgent.Realtime.Audio;
using VoiceAgent.Realtime.Json;
using VoiceAgent.Realtime.Link;
using VoiceAgent.Realtime.Responses;
using VoiceAgent.RocketMQ;

namespace VoiceAgent.Tests.Gateway;

/// <summary>
/// A small stand-in for the processor: consumes <c>voice-uplink</c> in order (group <c>voice-processor</c>),
/// records what arrives, and publishes scripted server events and audio on a session's lite topic.
/// </summary>
public sealed class TestProcessor : IAsyncDisposable
{
    private readonly RocketMQClient _client;
    private readonly Channel<UplinkRecord> _received = Channel.CreateUnbounded<UplinkRecord>();
    private PushConsumer? _consumer;
    private Producer? _producer;
    private int _eventCounter;

    private TestProcessor(RocketMQClient client)
    {
        _client = client;
    }

    /// <summary>A message of the uplink as received.</summary>
    public sealed record UplinkRecord(UplinkEnvelope Envelope, string? MessageGroup, string? TraceContext, DateTimeOffset ReceivedAt);

    public Producer Producer => _producer!;

    public static async Task<TestProcessor> StartAsync(EmbeddedBroker broker, bool consume = true)
    {
        var client = new RocketMQClient(new RocketMQClientOptions { Endpoints = broker.Endpoints });
        var processor = new TestProcessor(client);
        processor._producer = await client.CreateProducerAsync(new ProducerOptions { Topics = [VoiceLink.DownlinkTopic] }).WaitAsync(TimeSpan.FromSeconds(30));
        if (consume)
        {
            processor._consumer = await client.CreatePushConsumerAsync(
                new PushConsumerOptions { ConsumerGroup = VoiceLink.ProcessorGroup, Subscriptions = { [VoiceLink.UplinkTopic] = FilterExpression.All } },
                processor.OnUplinkAsync).WaitAsync(TimeSpan.FromSeconds(30));
        }

        return processor;
    }

    /// <summary>The next uplink message, within <paramref name="timeout"/> (10 s by default).</summary>
    public async Task<UplinkRecord> NextAsync(TimeSpan? timeout = null) =>
        await _received.Reader.ReadAsync().AsTask().WaitAsync(timeout ?? TimeSpan.FromSeconds(10));

    /// <summary>Uplink messages until one matches; the others are returned too, in order.</summary>
    public async Task<List<UplinkRecord>> UntilAsync(Func<UplinkRecord, bool> match, TimeSpan? timeout = null)
    {
        var records = new List<UplinkRecord>();
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var record = await _received.Reader.ReadAsync(deadline.Token);
            records.Add(record);
            if (match(record))
            {
                return records;
            }
        }
    }

    /// <summary>Publishes a server event written by <paramref name="write"/>; returns its event id.</summary>
    public async Task<string> PublishEventAsync(string sessionId, Action<IBufferWriter<byte>, string> write, string? responseId = null, string? eventId = null)
    {
        eventId ??= $"evt_{Interlocked.Increment(ref _eventCounter)}";
        var body = new PooledBufferWriter();
        write(body, eventId);
        var bytes = body.WrittenSpan.ToArray();
        body.Dispose();
        await Producer.SendAsync(DownlinkMessages.CreateEvent(sessionId, eventId, responseId, bytes)).WaitAsync(TimeSpan.FromSeconds(10));
        return eventId;
    }

    /// <summary>Publishes output audio of a response.</summary>
    public async Task<string> PublishAudioAsync(string sessionId, ResponseContentRef where, byte[] audio, AudioFormat? format = null, string? eventId = null)
    {
        eventId ??= $"{where.ResponseId}:a{Interlocked.Increment(ref _eventCounter)}";
        await Producer.SendAsync(DownlinkMessages.CreateAudio(sessionId, eventId, where, format ?? AudioFormat.Pcm24k, audio)).WaitAsync(TimeSpan.FromSeconds(10));
        return eventId;
    }

    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync();
    }

    private ValueTask<ConsumeResult> OnUplinkAsync(MessageView message, CancellationToken cancellationToken)
    {
        if (UplinkEnvelope.TryRead(message, out var envelope, out _))
        {
            // The body is copied: the view's memory may be reused after the handler returns.
            var copy = envelope with { Body = envelope.Body.ToArray() };
            _received.Writer.TryWrite(new UplinkRecord(copy, message.MessageGroup, message.TraceContext, DateTimeOffset.UtcNow));
        }

        return ValueTask.FromResult(ConsumeResult.Success);
    }
}
