using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.Tests.Broker;

public sealed class SendValidationTests
{
    [Fact]
    public void MalformedMessagesGetPreciseStatusCodes()
    {
        using var broker = new EngineHarness(options => options.MaxBodySize = 16);
        Assert.Equal(Code.TopicNotFound, broker.Send("nowhere", "x").Status.Code);
        Assert.Equal(Code.IllegalTopic, broker.Send("bad topic", "x").Status.Code);
        Assert.Equal(Code.MessageBodyEmpty, broker.Send("normal", string.Empty).Status.Code);
        Assert.Equal(Code.MessageBodyTooLarge, broker.Send("normal", new string('x', 17)).Status.Code);
        Assert.Equal(Code.IllegalMessageId, broker.Send("normal", "x", edit: m => m.SystemProperties.MessageId = string.Empty).Status.Code);
        Assert.Equal(Code.IllegalMessageTag, broker.Send("normal", "x", edit: m => m.SystemProperties.Tag = "a|b").Status.Code);
        Assert.Equal(Code.IllegalMessageKey, broker.Send("normal", "x", edit: m => m.SystemProperties.Keys.Add(" ")).Status.Code);
        Assert.Equal(Code.IllegalMessagePropertyKey, broker.Send("normal", "x", edit: m => m.UserProperties[string.Empty] = "v").Status.Code);
        Assert.Equal(Code.IllegalMessageGroup, broker.Send("fifo", "x", messageGroup: new string('g', 65)).Status.Code);
        Assert.Equal(Code.MessagePropertyConflictWithType, broker.Send("fifo", "no group").Status.Code);
        Assert.Equal(Code.MessagePropertyConflictWithType, broker.Send("normal", "x", messageGroup: "g").Status.Code);
        Assert.Equal(Code.IllegalDeliveryTime, broker.Send("delay", "x", edit: m => m.SystemProperties.MessageType = MessageType.Delay).Status.Code);
        Assert.Equal(Code.Unsupported, broker.Send("normal", "x", edit: m => m.SystemProperties.MessageType = MessageType.Transaction).Status.Code);
        Assert.Equal(Code.IllegalTopic, broker.Send("%DLQ%plain", "x").Status.Code);
        Assert.Equal(Code.BadRequest, broker.Core.Writer.Write(new Message { Topic = new Resource { Name = "normal" }, Body = ByteString.CopyFromUtf8("x") }).Status.Code);
    }

    [Fact]
    public void AFullQueueAnswersFlowControlUntilItDrains()
    {
        using var broker = new EngineHarness(options =>
        {
            options.MaxQueueBytes = 4096;
            options.Topics.Add("one:NORMAL:queues=1");
        });
        var body = new string('x', 1000);
        var codes = Enumerable.Range(0, 6).Select(_ => broker.Send("one", body).Status.Code).ToList();
        Assert.Equal(Code.Ok, codes[0]);
        Assert.Equal(Code.TooManyRequests, codes[^1]);
    }

    [Fact]
    public void AFullBrokerAnswersFlowControl()
    {
        using var broker = new EngineHarness(options => options.MaxTotalBytes = 3000);
        var body = new string('x', 1000);
        var codes = Enumerable.Range(0, 5).Select(i => broker.Send("downlink", body, liteTopic: $"s{i}").Status.Code).ToList();
        Assert.Equal(Code.Ok, codes[0]);
        Assert.Equal(Code.TooManyRequests, codes[^1]);
    }

    [Fact]
    public void TimestampsOutOfRangeAreRefusedWithAProtocolStatus()
    {
        using var broker = new EngineHarness();
        Assert.Equal(Code.BadRequest, broker.Send("normal", "x", edit: m => m.SystemProperties.BornTimestamp = new Timestamp { Seconds = 1, Nanos = -1 }).Status.Code);
        Assert.Equal(Code.IllegalDeliveryTime, broker.Send("delay", "x", edit: m => m.SystemProperties.DeliveryTimestamp = new Timestamp { Seconds = long.MaxValue }).Status.Code);
        Assert.Equal(Code.IllegalDeliveryTime, broker.Send("delay", "x", edit: m => m.SystemProperties.DeliveryTimestamp = new Timestamp { Seconds = 1, Nanos = 1_000_000_000 }).Status.Code);
        broker.SendOk("normal", "still fine");
    }

    [Fact]
    public void EveryEncodedByteOfAMessageCountsAgainstTheLimits()
    {
        using var broker = new EngineHarness();
        var before = broker.Core.Topics.Budget.Used;
        var entry = broker.Send("normal", "x", edit: m =>
        {
            m.SystemProperties.BornHost = new string('h', 1000);
            m.SystemProperties.TraceContext = new string('t', 1000);
        });
        Assert.Equal(Code.Ok, entry.Status.Code);
        Assert.True(broker.Core.Topics.Budget.Used - before >= 2000, $"counted {broker.Core.Topics.Budget.Used - before} bytes");
    }

    [Fact]
    public void HugeHeaderFieldsAndUnknownFieldsAreRefused()
    {
        using var broker = new EngineHarness();
        Assert.Equal(Code.MessagePropertiesTooLarge, broker.Send("normal", "x", edit: m => m.SystemProperties.BornHost = new string('h', 2_000_000)).Status.Code);
        Assert.Equal(Code.MessagePropertiesTooLarge, broker.Send("normal", "x", edit: m => m.SystemProperties.TraceContext = new string('t', 2_000_000)).Status.Code);

        // Field 99 is unknown to the schema: parsed into the message's unknown fields, and kept, so it must count.
        using var bytes = new MemoryStream();
        new Message { Topic = new Resource { Name = "normal" } }.WriteTo(bytes);
        using (var output = new CodedOutputStream(bytes, leaveOpen: true))
        {
            output.WriteTag(99, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(new byte[2_000_000]));
        }

        var carrier = Message.Parser.ParseFrom(bytes.ToArray());
        Assert.Equal(Code.MessagePropertiesTooLarge, broker.Send("normal", "x", edit: m => m.MergeFrom(carrier)).Status.Code);
    }

    [Fact]
    public void DelayedMessagesCountAgainstTheirQueuesLimit()
    {
        using var broker = new EngineHarness(options =>
        {
            options.MaxQueueBytes = 8 * 1024;
            options.Topics.Add("later:DELAY:queues=1");
        });
        var body = new string('d', 1000);
        var stored = 0;
        while (stored < 100 && broker.Send("later", body, edit: Delayed).Status.Code == Code.Ok)
        {
            stored++;
        }

        Assert.InRange(stored, 1, 8);
        Assert.Equal(Code.TooManyRequests, broker.Send("later", body, edit: Delayed).Status.Code);

        static void Delayed(Message message) =>
            message.SystemProperties.DeliveryTimestamp = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(1));
    }
}
