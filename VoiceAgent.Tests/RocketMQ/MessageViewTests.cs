using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using VoiceAgent.RocketMQ;
using Proto = VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.Tests.RocketMQ;

public sealed class MessageViewTests
{
    private static readonly BrokerEndpoints Endpoints = BrokerEndpoints.Parse("127.0.0.1:8081");

    [Fact]
    public void ADeliveredMessageIsDecodedWithAllItsProperties()
    {
        var body = Encoding.UTF8.GetBytes("hello");
        var delivered = DateTimeOffset.UtcNow;
        var message = Delivery(body, BodyDigest.Md5Of(body));
        message.SystemProperties.Tag = "TagA";
        message.SystemProperties.Keys.Add("k");
        message.SystemProperties.MessageGroup = "g";
        message.SystemProperties.TraceContext = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        message.UserProperties["p"] = "v";

        var view = MessageView.FromProtobuf(message, Endpoints, delivered);

        Assert.Equal("01ABC", view.MessageId);
        Assert.Equal("t", view.Topic);
        Assert.Equal("hello", Encoding.UTF8.GetString(view.Body.Span));
        Assert.Equal("TagA", view.Tag);
        Assert.Equal(["k"], view.Keys);
        Assert.Equal("v", view.Properties["p"]);
        Assert.Equal("g", view.MessageGroup);
        Assert.Equal(2, view.DeliveryAttempt);
        Assert.Equal("receipt", view.ReceiptHandle);
        Assert.Equal(MessageType.Fifo, view.Type);
        Assert.Equal(message.SystemProperties.TraceContext, view.TraceContext);
        Assert.Equal(delivered, view.TransportDeliveryTimestamp);
        Assert.False(view.IsCorrupted);
    }

    [Fact]
    public void ABodyThatDoesNotMatchItsDigestIsCorrupted()
    {
        var message = Delivery(Encoding.UTF8.GetBytes("tampered"), BodyDigest.Md5Of(Encoding.UTF8.GetBytes("original")));

        Assert.True(MessageView.FromProtobuf(message, Endpoints).IsCorrupted);
    }

    [Fact]
    public void DigestsOfEachTypeAreVerified()
    {
        var body = Encoding.UTF8.GetBytes("The quick brown fox jumps over the lazy dog");

        Assert.True(BodyDigest.Matches(new Proto.Digest { Type = Proto.DigestType.Md5, Checksum = Convert.ToHexString(MD5.HashData(body)).ToLowerInvariant() }, body));
        Assert.True(BodyDigest.Matches(new Proto.Digest { Type = Proto.DigestType.Sha1, Checksum = Convert.ToHexString(SHA1.HashData(body)) }, body));
        // CRC-32 of this sentence is 0x414FA339: Java sends hex, Node.js decimal.
        Assert.True(BodyDigest.Matches(new Proto.Digest { Type = Proto.DigestType.Crc32, Checksum = "414FA339" }, body));
        Assert.True(BodyDigest.Matches(new Proto.Digest { Type = Proto.DigestType.Crc32, Checksum = "1095738169" }, body));
        Assert.False(BodyDigest.Matches(new Proto.Digest { Type = Proto.DigestType.Crc32, Checksum = "414FA338" }, body));
        Assert.False(BodyDigest.Matches(new Proto.Digest { Type = Proto.DigestType.Sha1, Checksum = "00" }, body));
    }

    [Fact]
    public void GzipBodiesAreInflated()
    {
        var plain = Encoding.UTF8.GetBytes(new string('a', 1000));
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(plain);
        }

        var message = Delivery(compressed.ToArray(), BodyDigest.Md5Of(compressed.ToArray()));
        message.SystemProperties.BodyEncoding = Proto.Encoding.Gzip;

        var view = MessageView.FromProtobuf(message, Endpoints);

        Assert.False(view.IsCorrupted);
        Assert.Equal(plain, view.Body.ToArray());
    }

    [Fact]
    public void TimestampsOutOfRangeReadAsAbsentInsteadOfFailingTheDecode()
    {
        var body = Encoding.UTF8.GetBytes("x");
        var message = Delivery(body, BodyDigest.Md5Of(body));
        message.SystemProperties.BornTimestamp = new Timestamp { Seconds = 1, Nanos = -1 };
        message.SystemProperties.DeliveryTimestamp = new Timestamp { Seconds = long.MaxValue };
        message.SystemProperties.StoreTimestamp = new Timestamp { Seconds = long.MinValue };

        var view = MessageView.FromProtobuf(message, Endpoints);

        Assert.Equal(default, view.BornTimestamp);
        Assert.Null(view.DeliveryTimestamp);
        Assert.Null(view.StoreTimestamp);
        Assert.Equal("x", Encoding.UTF8.GetString(view.Body.Span));
    }

    [Fact]
    public void AGzipBodyThatInflatesPastTheLimitIsCorruptedAndNotInflated()
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(new byte[64 * 1024]);
        }

        var message = Delivery(compressed.ToArray(), BodyDigest.Md5Of(compressed.ToArray()));
        message.SystemProperties.BodyEncoding = Proto.Encoding.Gzip;

        Assert.True(MessageView.FromProtobuf(message, Endpoints, maxInflatedBodySize: 16 * 1024).IsCorrupted);
        Assert.Equal(64 * 1024, MessageView.FromProtobuf(message, Endpoints).Body.Length);
    }

    [Fact]
    public void AGzipBodyThatIsNotGzipIsCorrupted()
    {
        var garbage = new byte[] { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff };
        var message = Delivery(garbage, BodyDigest.Md5Of(garbage));
        message.SystemProperties.BodyEncoding = Proto.Encoding.Gzip;

        Assert.True(MessageView.FromProtobuf(message, Endpoints).IsCorrupted);
    }

    private static Proto.Message Delivery(byte[] body, Proto.Digest digest) => new()
    {
        Topic = new Proto.Resource { Name = "t" },
        Body = ByteString.CopyFrom(body),
        SystemProperties = new Proto.SystemProperties
        {
            MessageId = "01ABC",
            BodyDigest = digest,
            BodyEncoding = Proto.Encoding.Identity,
            MessageType = Proto.MessageType.Fifo,
            ReceiptHandle = "receipt",
            DeliveryAttempt = 2,
            BornTimestamp = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
        },
    };
}
