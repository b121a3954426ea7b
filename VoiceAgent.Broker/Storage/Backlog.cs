using VoiceAgent.Broker.Consumption;

namespace VoiceAgent.Broker.Storage;

/// <summary>Backlog figures of a queue. Call with the queue's <see cref="BrokerQueue.Gate"/> held.</summary>
internal static class Backlog
{
    /// <summary>Messages <paramref name="group"/> has not settled; everything not yet settled when it never read the queue.</summary>
    public static long Of(BrokerQueue queue, ConsumerGroup group) =>
        queue.FindConsumer(group) is { } state ? state.Backlog : queue.Log.UnsettledCount;

    /// <summary>The largest backlog among <paramref name="groups"/>, and the store time of that group's oldest unsettled message.</summary>
    public static (long Backlog, long? OldestStoreTimeMs) Largest(BrokerQueue queue, ConsumerGroup[] groups)
    {
        var log = queue.Log;
        if (groups.Length == 0)
        {
            return (log.UnsettledCount, log.Get(log.SettledOffset)?.StoreTimeMs);
        }

        long largest = -1;
        long? oldest = null;
        foreach (var group in groups)
        {
            var state = queue.FindConsumer(group);
            var backlog = state?.Backlog ?? log.UnsettledCount;
            if (backlog > largest)
            {
                largest = backlog;
                oldest = backlog == 0 ? null : log.Get(state?.Committed ?? log.SettledOffset)?.StoreTimeMs;
            }
        }

        return (largest, oldest);
    }
}
