using VoiceAgent.LoadTest.Measurement;
using VoiceAgent.RocketMQ;

namespace VoiceAgent.LoadTest.Broker;

/// <summary>
/// What kind of traffic a throughput run carries: the topic and group the broker must declare, the consumers
/// that receive it and how each message is addressed (message group, lite topic).
/// </summary>
internal abstract class TrafficShape : IAsyncDisposable
{
    /// <summary>The topic every message goes to.</summary>
    public abstract string Topic { get; }

    /// <summary>The consumer group whose backlog shows whether the rate is sustained.</summary>
    public abstract string Group { get; }

    /// <summary>The broker's <c>--topic</c> declarations.</summary>
    public abstract IReadOnlyList<string> TopicDeclarations { get; }

    /// <summary>The broker's <c>--group</c> declarations.</summary>
    public abstract IReadOnlyList<string> GroupDeclarations { get; }

    /// <summary>Broker settings beyond the declarations (<c>Broker__Name</c>).</summary>
    public virtual IReadOnlyDictionary<string, string> BrokerSettings { get; } = new Dictionary<string, string>();

    /// <summary>Starts the consumers and subscribes what they consume; returns when they can receive.</summary>
    public abstract Task StartConsumersAsync(RocketMQClient client, MessageHandler handler, CancellationToken cancellationToken);

    /// <summary>The message with sequence number <paramref name="sequence"/>.</summary>
    public abstract Message CreateMessage(long sequence, ReadOnlyMemory<byte> body);

    /// <summary>Adds what describes this shape (group counts, consumers) to a result line.</summary>
    public abstract void Describe(ResultLine line);

    public abstract ValueTask DisposeAsync();
}
