using System.Text;
using VoiceAgent.RocketMQ;

namespace VoiceAgent.Tests.Integration;

/// <summary>What a consumer received, in arrival order, with waits that complete as soon as a condition holds.</summary>
internal sealed class ReceivedMessages
{
    private readonly List<MessageView> _messages = [];
    private readonly List<(Func<IReadOnlyList<MessageView>, bool> Condition, TaskCompletionSource Done)> _waiters = [];

    /// <summary>A handler that records each message and consumes it successfully.</summary>
    public MessageHandler Handler => (message, _) =>
    {
        Add(message);
        return ValueTask.FromResult(ConsumeResult.Success);
    };

    public int Count
    {
        get
        {
            lock (_messages)
            {
                return _messages.Count;
            }
        }
    }

    public static string Text(MessageView message) => Encoding.UTF8.GetString(message.Body.Span);

    public void Add(MessageView message)
    {
        lock (_messages)
        {
            _messages.Add(message);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Condition(_messages))
                {
                    _waiters[i].Done.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    public List<MessageView> Snapshot()
    {
        lock (_messages)
        {
            return [.. _messages];
        }
    }

    /// <summary>The bodies received, optionally of one lite topic or message group only.</summary>
    public List<string> Bodies(Func<MessageView, bool>? where = null) =>
        [.. Snapshot().Where(where ?? (_ => true)).Select(Text)];

    /// <summary>Waits until <paramref name="condition"/> holds for what was received; fails the test after the timeout.</summary>
    public async Task WaitUntilAsync(Func<IReadOnlyList<MessageView>, bool> condition, string what)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_messages)
        {
            if (condition(_messages))
            {
                return;
            }

            _waiters.Add((condition, done));
        }

        try
        {
            await done.Task.WaitAsync(IntegrationBroker.Timeout);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Waited {IntegrationBroker.Timeout} for {what}; received: [{string.Join(", ", Bodies())}].");
        }
    }

    public Task WaitForCountAsync(int count, Func<MessageView, bool>? where = null) =>
        WaitUntilAsync(messages => messages.Count(where ?? (_ => true)) >= count, $"{count} messages");
}
