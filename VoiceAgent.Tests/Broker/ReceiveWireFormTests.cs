using System.Buffers;
using VoiceAgent.Broker.Grpc;
using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.Tests.Broker;

public sealed class ReceiveWireFormTests
{
    [Fact]
    public async Task ADeliveryWrittenFromTheStoredPartsParsesAsTheWholeMessageWithItsDeliveryProperties()
    {
        using var broker = new EngineHarness();
        broker.Send("fifo", "payload", messageGroup: "session-7", edit: message =>
        {
            message.SystemProperties.Tag = "audio";
            message.SystemProperties.Keys.Add(["k1", "k2"]);
            message.UserProperties.Add("trace", "abc");
            message.UserProperties.Add("turn", "3");
        });
        var consumer = broker.Connect("c1", ClientType.SimpleConsumer, "plain", "fifo");

        var first = Assert.Single(await broker.ReceiveAsync(consumer, "plain", "fifo", invisible: TimeSpan.FromMilliseconds(100)));
        var second = Assert.Single(await broker.ReceiveAsync(consumer, "plain", "fifo", poll: TimeSpan.FromSeconds(10)));

        foreach (var delivery in new[] { first, second })
        {
            var properties = broker.Core.Delivery.DeliveryProperties(delivery);
            var expected = delivery.Message.Template.Clone();
            expected.SystemProperties.MergeFrom(properties);

            var written = new ArrayBufferWriter<byte>();
            ReceiveStreamItem.Of(delivery.Message, properties).Write(written);
            var parsed = ReceiveMessageResponse.Parser.ParseFrom(written.WrittenSpan);

            Assert.Equal(ReceiveMessageResponse.ContentOneofCase.Message, parsed.ContentCase);
            Assert.Equal(expected, parsed.Message);
            Assert.Equal(delivery.Attempt, parsed.Message.SystemProperties.DeliveryAttempt);
            Assert.Equal("payload", parsed.Message.Body.ToStringUtf8());
            Assert.Equal("abc", parsed.Message.UserProperties["trace"]);
        }

        Assert.Equal(2, second.Attempt);
        Assert.False(first.Message.Template.SystemProperties.HasReceiptHandle, "the stored message is never changed by a delivery");
    }

    [Fact]
    public void APlainResponseIsWrittenAsItIs()
    {
        var response = new ReceiveMessageResponse { Status = new Status { Code = Code.MessageNotFound, Message = "no new message" } };
        var written = new ArrayBufferWriter<byte>();
        ReceiveStreamItem.Of(response).Write(written);
        Assert.Equal(response, ReceiveMessageResponse.Parser.ParseFrom(written.WrittenSpan));
    }
}
