using System.Buffers;
using System.Diagnostics;
using VoiceAgent.RocketMQ;

namespace VoiceAgent.LoadTest.Broker;

/// <summary>
/// Sends numbered messages of one <see cref="TrafficShape"/> through a producer, either closed-loop (at most
/// <c>window</c> messages sent and not yet delivered: the achieved rate is what the system sustains) or
/// open-loop (a fixed rate, whatever the consumers do: the backlog shows whether they keep up).
/// </summary>
internal sealed class LoadGenerator(Producer producer, TrafficShape shape, DeliveryTracker tracker, int bodySize)
{
    private long _nextSequence = -1;
    private long _sent;
    private long _failed;
    private long _outstanding;
    private long _behind;

    /// <summary>Sends acknowledged by the broker.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Sends that failed after the producer's own retries.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Open loop: pacer ticks that found every send slot busy (the sender, not the broker, fell behind).</summary>
    public long Behind => Interlocked.Read(ref _behind);

    /// <summary>Runs <paramref name="senders"/> senders until <paramref name="stop"/>, each taking a delivery credit before it sends.</summary>
    public async Task RunClosedLoopAsync(int senders, int window, CancellationToken stop)
    {
        using var credits = new SemaphoreSlim(window);
        tracker.Credits = credits;
        try
        {
            await Task.WhenAll(Enumerable.Range(0, senders).Select(_ => Task.Run(
                async () =>
                {
                    while (!stop.IsCancellationRequested)
                    {
                        try
                        {
                            await credits.WaitAsync(stop).ConfigureAwait(false);
                        }
                        catch (OperationCanceledException)
                        {
                            return;
                        }

                        if (!await SendAsync().ConfigureAwait(false))
                        {
                            credits.Release();
                        }
                    }
                },
                CancellationToken.None))).ConfigureAwait(false);
        }
        finally
        {
            tracker.Credits = null;
        }
    }

    /// <summary>Starts sends at <paramref name="rate"/> messages per second until <paramref name="stop"/>, at most <paramref name="maxOutstanding"/> at a time.</summary>
    public async Task RunOpenLoopAsync(double rate, int maxOutstanding, CancellationToken stop)
    {
        var started = Stopwatch.GetTimestamp();
        long issued = 0;
        while (!stop.IsCancellationRequested)
        {
            var due = (long)(Stopwatch.GetElapsedTime(started).TotalSeconds * rate);
            while (issued < due)
            {
                if (Interlocked.Read(ref _outstanding) >= maxOutstanding)
                {
                    Interlocked.Increment(ref _behind);
                    break;
                }

                issued++;
                Interlocked.Increment(ref _outstanding);
                _ = SendTrackedAsync();
            }

            try
            {
                await Task.Delay(1, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        while (Interlocked.Read(ref _outstanding) > 0)
        {
            await Task.Delay(10, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task SendTrackedAsync()
    {
        try
        {
            await SendAsync().ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _outstanding);
        }
    }

    private async Task<bool> SendAsync()
    {
        var sequence = Interlocked.Increment(ref _nextSequence);
        var buffer = ArrayPool<byte>.Shared.Rent(bodySize);
        try
        {
            BenchBody.Write(buffer, sequence, Stopwatch.GetTimestamp());
            await producer.SendAsync(shape.CreateMessage(sequence, buffer.AsMemory(0, bodySize))).ConfigureAwait(false);
            Interlocked.Increment(ref _sent);
            return true;
        }
        catch (Exception)
        {
            // Counted, not thrown: a failed send is a figure of the run (the producer has already retried it).
            Interlocked.Increment(ref _failed);
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
