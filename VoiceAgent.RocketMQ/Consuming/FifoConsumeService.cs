namespace VoiceAgent.RocketMQ;

/// <summary>
/// Consumes in order: the messages of one key (the message group, or the lite topic for lite consumers)
/// strictly one after another, each settled before the next starts, also across batches; different keys run
/// in parallel. Failures retry locally then go to the dead-letter queue, corrupted messages go there at once.
/// A suspension (lite) hands back the rest of that key's batch too.
/// </summary>
internal sealed class FifoConsumeService(ConsumeInvoker invoker, Func<RetryPolicy> retryPolicy, bool isLite, Func<MessageView, string?> keyOf)
    : ConsumeService(invoker, retryPolicy, isLite)
{
    /// <summary>Messages without a key (or all messages, without the accelerator) share this key.</summary>
    public const string SharedKey = "";

    public override void Consume(IProcessQueue queue, IReadOnlyList<MessageView> messages)
    {
        var groups = new Dictionary<string, List<MessageView>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var message in messages)
        {
            var key = keyOf(message) ?? SharedKey;
            if (!groups.TryGetValue(key, out var list))
            {
                groups[key] = list = [];
                order.Add(key);
            }

            list.Add(message);
        }

        foreach (var key in order)
        {
            var list = groups[key];
            Running.Track(queue.Sequencer.Enqueue(key, () => ConsumeInOrderAsync(queue, list)));
        }
    }

    private async Task ConsumeInOrderAsync(IProcessQueue queue, List<MessageView> messages)
    {
        for (var i = 0; i < messages.Count; i++)
        {
            var result = await ConsumeWithLocalRetryAsync(queue, messages[i], corruptedToDeadLetter: true).ConfigureAwait(false);
            if (result.Kind != ConsumeResultKind.Suspend)
            {
                continue;
            }

            for (var j = i + 1; j < messages.Count; j++)
            {
                try
                {
                    await queue.SuspendAsync(messages[j], result.SuspendDuration).ConfigureAwait(false);
                }
                finally
                {
                    queue.Evict(messages[j]);
                }
            }

            return;
        }
    }
}
