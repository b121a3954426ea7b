using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using VoiceAgent.Broker.Storage;
using VoiceAgent.RocketMQ;
using VoiceAgent.Tests.Broker;
using Proto = VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.Tests.Integration;

/// <summary>A message that cannot be decoded (from a foreign producer, stored as is) must not stop a consumer.</summary>
public sealed class PoisonMessageTests
{
    [Fact]
    public async Task MalformedMessagesDoNotStopAFifoConsumerOfTheirQueue()
    {
        await using var broker = await IntegrationBroker.StartAsync(options => options.Topics.Add("single:FIFO:queues=1"));

        // A timestamp out of range reads as absent; a body that does not inflate is corrupted and dead-lettered.
        StorePoison(broker, "single", "session", "bad-time", message => message.SystemProperties.BornTimestamp = new Timestamp { Seconds = 1, Nanos = -1 });
        StorePoison(broker, "single", "session", "not-gzip", message => message.SystemProperties.BodyEncoding = Proto.Encoding.Gzip);
        var producer = await broker.CreateProducerAsync("single");
        for (var i = 0; i < 3; i++)
        {
            await producer.SendAsync(Message.CreateBuilder().SetTopic("single").SetMessageGroup("session").SetBody(Encoding.UTF8.GetBytes($"good-{i}")).Build())
                .WaitAsync(IntegrationBroker.Timeout);
        }

        var received = new ReceivedMessages();
        await using var consumer = await broker.Client.CreatePushConsumerAsync(
            new PushConsumerOptions { ConsumerGroup = "processors", Subscriptions = { ["single"] = FilterExpression.All } },
            received.Handler).WaitAsync(IntegrationBroker.Timeout);

        await received.WaitForCountAsync(4);
        Assert.Equal(["bad-time", "good-0", "good-1", "good-2"], received.Bodies());
        Assert.Equal(default, received.Snapshot()[0].BornTimestamp);
        await Eventually.TrueAsync(
            () => broker.Broker.Inspector.Topics().Any(t => t.Name == "%DLQ%processors" && t.Messages == 1),
            IntegrationBroker.Timeout,
            "the poison message in the dead-letter queue");
    }

    /// <summary>Stores what a buggy producer could have sent through a proxy that does not check timestamps.</summary>
    private static void StorePoison(IntegrationBroker broker, string topicName, string messageGroup, string text, Action<Proto.Message> spoil)
    {
        var core = broker.Broker.Core;
        var topic = core.Topics.Find(topicName)!;
        var body = Encoding.UTF8.GetBytes(text);
        var message = new Proto.Message
        {
            Topic = new Proto.Resource { Name = topicName },
            Body = ByteString.CopyFrom(body),
            SystemProperties = new Proto.SystemProperties
            {
                MessageId = "POISON-" + text,
                MessageGroup = messageGroup,
                MessageType = Proto.MessageType.Fifo,
                BornTimestamp = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
                BornHost = "elsewhere",
                StoreTimestamp = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
                BodyDigest = new Proto.Digest { Type = Proto.DigestType.Md5, Checksum = Convert.ToHexString(MD5.HashData(body)) },
                BodyEncoding = Proto.Encoding.Identity,
            },
        };
        spoil(message);
        var queue = topic.Queues[0];
        var stored = new StoredMessage(message, message.CalculateSize(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), messageGroup);
        Assert.Equal(AppendStatus.Stored, core.Topics.Append(queue, stored));
        core.Delivery.OnStored(queue);
    }
}
