namespace VoiceAgent.RocketMQ;

/// <summary>What the server answered for one sent message.</summary>
public sealed class SendReceipt
{
    internal SendReceipt(string messageId, string topic, int queueId, long offset, string? recallHandle)
    {
        MessageId = messageId;
        Topic = topic;
        QueueId = queueId;
        Offset = offset;
        RecallHandle = recallHandle;
    }

    /// <summary>The message id in the official format, as the client generated it.</summary>
    public string MessageId { get; }

    public string Topic { get; }

    /// <summary>The queue the message was sent to.</summary>
    public int QueueId { get; }

    /// <summary>The message's offset in its queue, when the server reports it.</summary>
    public long Offset { get; }

    /// <summary>The handle to recall a delayed message with, when the server issues one.</summary>
    public string? RecallHandle { get; }

    public override string ToString() => $"SendReceipt(messageId={MessageId}, topic={Topic}, queue={QueueId}, offset={Offset})";
}
