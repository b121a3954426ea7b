using System.Collections.Concurrent;
using System.Text.Json;
using VoiceAgent.Realtime.Link;
using VoiceAgent.Realtime.Sessions;
using VoiceAgent.RocketMQ;

namespace VoiceAgent.Tests.Processor.Infrastructure;

/// <summary>
/// Stands in for the gateway: publishes uplink messages (session.start, audio, client events) the way the gateway
/// does, and consumes the sessions' downlink lite topics with our RocketMQ client (group <c>voice-gateway</c>).
/// </summary>
public sealed class TestGateway : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, TestSession> _sessions = new(StringComparer.Ordinal);
    private readonly RocketMQClient _client;
    private Producer? _producer;
    private LitePushConsumer? _consumer;

    private TestGateway(RocketMQClient client)
    {
        _client = client;
    }

    internal Producer Producer => _producer!;

    public static async Task<TestGateway> StartAsync(string rocketMQConnectionString)
    {
        var options = new RocketMQClientOptions();
        VoiceAgent.RocketMQ.RocketMQConnectionString.Apply(rocketMQConnectionString, options);
        var gateway = new TestGateway(new RocketMQClient(options));
        try
        {
            gateway._producer = await gateway._client.CreateProducerAsync(new ProducerOptions { Topics = [VoiceLink.UplinkTopic] }).WaitAsync(TimeSpan.FromSeconds(60));
            gateway._consumer = await gateway._client.CreateLitePushConsumerAsync(
                new LitePushConsumerOptions { ConsumerGroup = VoiceLink.GatewayGroup, BindTopic = VoiceLink.DownlinkTopic },
                gateway.OnDownlinkAsync).WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }

        return gateway;
    }

    /// <summary>Subscribes a new session's lite topic and sends its <c>session.start</c> with <paramref name="config"/>.</summary>
    public async Task<TestSession> OpenSessionAsync(SessionConfig? config = null, string? sessionId = null)
    {
        var session = new TestSession(this, sessionId ?? $"sess_{Guid.NewGuid():N}"[..24], $"conn_{Guid.NewGuid():N}"[..16]);
        _sessions[session.Id] = session;
        await _consumer!.SubscribeLiteAsync(session.Id).WaitAsync(TimeSpan.FromSeconds(30));
        await session.SendControlAsync(new ControlMessage(ControlMessageTypes.SessionStart, config ?? SessionConfig.Default));
        return session;
    }

    public async ValueTask DisposeAsync()
    {
        if (_consumer is not null)
        {
            await _consumer.DisposeAsync();
        }

        if (_producer is not null)
        {
            await _producer.DisposeAsync();
        }

        await _client.DisposeAsync();
    }

    private ValueTask<ConsumeResult> OnDownlinkAsync(MessageView message, CancellationToken cancellationToken)
    {
        if (message.LiteTopic is { } id && _sessions.TryGetValue(id, out var session))
        {
            session.Receive(ToEvent(message));
        }

        return ValueTask.FromResult(ConsumeResult.Success);
    }

    private static DownlinkEvent ToEvent(MessageView message)
    {
        var properties = new Dictionary<string, string>(message.Properties, StringComparer.Ordinal);
        var eventId = properties.GetValueOrDefault(LinkProperties.EventId) ?? "";
        var responseId = properties.GetValueOrDefault(LinkProperties.ResponseId);
        if (message.Tag == LinkTags.Audio)
        {
            return new DownlinkEvent(DownlinkEvent.AudioType, eventId, responseId, default, message.Body.ToArray(), properties, message.TraceContext, DateTimeOffset.UtcNow);
        }

        var json = JsonDocument.Parse(message.Body).RootElement.Clone();
        var type = json.GetProperty("type").GetString()!;
        return new DownlinkEvent(type, eventId, responseId, json, null, properties, message.TraceContext, DateTimeOffset.UtcNow);
    }
}
