using System.Diagnostics;
using VoiceAgent.LoadTest.Measurement;
using VoiceAgent.RocketMQ;

namespace VoiceAgent.LoadTest.Broker;

/// <summary>
/// The consumers' handler: counts first deliveries and redeliveries, returns a credit to a closed-loop sender
/// per first delivery, and while recording measures two latencies per message:
/// store-to-deliver (handler entry, wall clock, minus the broker's store timestamp) and
/// send-to-handler (handler entry minus the moment the sender called SendAsync, same process clock).
/// </summary>
internal sealed class DeliveryTracker
{
    private static readonly ValueTask<ConsumeResult> Consumed = ValueTask.FromResult(ConsumeResult.Success);

    private readonly SeenSet _seen = new();
    private long _delivered;
    private long _redelivered;
    private long _foreign;
    private volatile bool _recording;

    /// <summary>Released once per first delivery; closed-loop senders take one before each send.</summary>
    public SemaphoreSlim? Credits { get; set; }

    public LatencyHistogram StoreToDeliver { get; } = new();

    public LatencyHistogram SendToHandler { get; } = new();

    /// <summary>Messages delivered for the first time.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Deliveries of a message already seen (broker redelivery or client retry).</summary>
    public long Redelivered => Interlocked.Read(ref _redelivered);

    /// <summary>Messages without a load-test header (none are expected).</summary>
    public long Foreign => Interlocked.Read(ref _foreign);

    /// <summary>Starts a measured window: clears the latency histograms and records from now on.</summary>
    public void StartRecording()
    {
        StoreToDeliver.Reset();
        SendToHandler.Reset();
        _recording = true;
    }

    public void StopRecording() => _recording = false;

    public ValueTask<ConsumeResult> HandleAsync(MessageView message, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var ticks = Stopwatch.GetTimestamp();
        if (!BenchBody.TryRead(message.Body.Span, out var sequence, out var sent))
        {
            Interlocked.Increment(ref _foreign);
            return Consumed;
        }

        if (!_seen.Add(sequence))
        {
            Interlocked.Increment(ref _redelivered);
            return Consumed;
        }

        Interlocked.Increment(ref _delivered);
        if (_recording)
        {
            if (message.StoreTimestamp is { } stored)
            {
                StoreToDeliver.Record((now - stored).TotalMilliseconds);
            }

            SendToHandler.Record(Stopwatch.GetElapsedTime(sent, ticks).TotalMilliseconds);
        }

        Credits?.Release();
        return Consumed;
    }
}
