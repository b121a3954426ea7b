using System.Collections.Concurrent;
using Google.Protobuf;
using VoiceAgent.RocketMQ;
using Proto = VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.Tests.RocketMQ.Fakes;

/// <summary>A process queue that records how each message was settled, for consume service tests.</summary>
internal sealed class RecordingProcessQueue : IProcessQueue
{
    private static readonly BrokerEndpoints Endpoints = BrokerEndpoints.Parse("127.0.0.1:1");
    private int _evicted;

    public KeyedSequencer Sequencer { get; } = new();

    /// <summary>Everything in the order it happened: handler calls (recorded by tests) and settlements.</summary>
    public ConcurrentQueue<string> Events { get; } = new();

    public ConcurrentQueue<(string Action, MessageView Message, TimeSpan Duration)> Settlements { get; } = new();

    public int Evicted => Volatile.Read(ref _evicted);

    public static MessageView Message(string body, string? group = null, string? liteTopic = null, bool corrupted = false)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(body);
        var system = new Proto.SystemProperties
        {
            MessageId = body,
            ReceiptHandle = $"receipt-{body}",
            DeliveryAttempt = 1,
            BodyDigest = BodyDigest.Md5Of(corrupted ? [0] : bytes),
        };

        if (group is not null)
        {
            system.MessageGroup = group;
        }

        if (liteTopic is not null)
        {
            system.LiteTopic = liteTopic;
        }

        var message = new Proto.Message { Topic = new Proto.Resource { Name = "t" }, Body = ByteString.CopyFrom(bytes), SystemProperties = system };
        return MessageView.FromProtobuf(message, Endpoints);
    }

    public Task AckAsync(MessageView message) => Settle("ack", message, TimeSpan.Zero);

    public Task NackAsync(MessageView message, TimeSpan invisibleDuration) => Settle("nack", message, invisibleDuration);

    public Task SuspendAsync(MessageView message, TimeSpan duration) => Settle("suspend", message, duration);

    public Task ForwardToDeadLetterQueueAsync(MessageView message) => Settle("dlq", message, TimeSpan.Zero);

    public void Evict(MessageView message) => Interlocked.Increment(ref _evicted);

    public Task WaitForSettlementsAsync(int count) =>
        Eventually.TrueAsync(() => Settlements.Count >= count && Evicted >= count, $"{count} settled messages");

    public List<string> SettlementsOf(string action) =>
        Settlements.Where(s => s.Action == action).Select(s => s.Message.MessageId).ToList();

    private Task Settle(string action, MessageView message, TimeSpan duration)
    {
        Events.Enqueue($"{action}:{message.MessageId}");
        Settlements.Enqueue((action, message, duration));
        return Task.CompletedTask;
    }
}
