using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.Tests.Broker;

/// <summary>A send with several messages is stored as a unit, as RocketMQ stores a batch.</summary>
public sealed class BatchSendTests
{
    [Fact]
    public void ABatchThatDoesNotFitIsRefusedWholeAndStoresNothing()
    {
        using var broker = new EngineHarness(options =>
        {
            options.MaxQueueBytes = 8 * 1024;
            options.Topics.Add("fifo1:FIFO:queues=1");
        });
        var filler = new string('f', 1000);
        while (broker.Send("fifo1", filler, messageGroup: "other").Status.Code == Code.Ok)
        {
        }

        // Room for at most one more message of this size: a batch of three must not store the first ones.
        var queue = broker.Core.Topics.Find("fifo1")!.Queues[0];
        var before = queue.Log.Count;
        var entries = broker.Core.Writer.WriteBatch([Message("m0"), Message("m1"), Message("m2")]);

        Assert.All(entries, entry => Assert.Equal(Code.TooManyRequests, entry.Status.Code));
        Assert.Equal(before, queue.Log.Count);
    }

    [Fact]
    public void ABatchThatFitsIsStoredInOrderWithConsecutiveOffsets()
    {
        using var broker = new EngineHarness(options => options.Topics.Add("fifo1:FIFO:queues=1"));
        var entries = broker.Core.Writer.WriteBatch([Message("m0"), Message("m1"), Message("m2")]);

        Assert.All(entries, entry => Assert.Equal(Code.Ok, entry.Status.Code));
        Assert.Equal([0L, 1L, 2L], entries.Select(entry => entry.Offset));
    }

    [Fact]
    public void OneInvalidMessageRefusesTheWholeBatch()
    {
        using var broker = new EngineHarness(options => options.Topics.Add("fifo1:FIFO:queues=1"));
        var invalid = Message("m1");
        invalid.SystemProperties.ClearMessageGroup();
        var entries = broker.Core.Writer.WriteBatch([Message("m0"), invalid, Message("m2")]);

        Assert.Equal(Code.MessagePropertyConflictWithType, entries[1].Status.Code);
        Assert.All(entries, entry => Assert.NotEqual(Code.Ok, entry.Status.Code));
        Assert.Equal(0, broker.Core.Topics.Find("fifo1")!.Queues[0].Log.Count);
    }

    private static Message Message(string body) => new()
    {
        Topic = new Resource { Name = "fifo1" },
        Body = ByteString.CopyFromUtf8(body + new string('x', 1000)),
        SystemProperties = new SystemProperties
        {
            MessageId = "ID-" + body,
            BornTimestamp = Timestamp.FromDateTime(DateTime.UtcNow),
            BornHost = "test",
            MessageGroup = "session",
            QueueId = 0,
        },
    };
}
