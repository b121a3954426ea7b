using System.Buffers;
using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using VoiceAgent.RocketMQ;
using Proto = VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.Benchmarks.RocketMQ;

/// <summary>
/// The per-message work of the client's hot paths for a 640-byte body (a 20 ms PCM16 frame at 16 kHz):
/// building and serializing a SendMessage request, and parsing a delivery and decoding it into a
/// <see cref="MessageView"/> (including the MD5 body check).
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class MessageCodecBenchmarks
{
    private static readonly BrokerEndpoints Endpoints = BrokerEndpoints.Parse("127.0.0.1:8081");
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private Message _message = null!;
    private ReadOnlySequence<byte> _delivery;

    [GlobalSetup]
    public void Setup()
    {
        var body = new byte[640];
        Random.Shared.NextBytes(body);
        _message = Message.CreateBuilder()
            .SetTopic("voice-uplink")
            .SetBody(body)
            .SetMessageGroup("session-0123456789")
            .SetTag("audio")
            .AddProperty("seq", "42")
            .Build();

        var delivered = PublishingMessageEncoder.Encode(_message, "", Proto.MessageType.Fifo, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        delivered.SystemProperties.ReceiptHandle = "receipt-handle-of-typical-length-0123456789abcdef0123456789abcdef";
        delivered.SystemProperties.DeliveryAttempt = 1;
        delivered.SystemProperties.BodyDigest = BodyDigest.Md5Of(body);
        delivered.SystemProperties.BornTimestamp = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow);
        _delivery = new ReadOnlySequence<byte>(new Proto.ReceiveMessageResponse { Message = delivered }.ToByteArray());
    }

    [Benchmark]
    public int EncodeSendRequest()
    {
        _buffer.ResetWrittenCount();
        var request = new Proto.SendMessageRequest();
        var message = PublishingMessageEncoder.Encode(_message, "", Proto.MessageType.Fifo, null);
        message.SystemProperties.QueueId = 3;
        message.SystemProperties.BornTimestamp = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow);
        request.Messages.Add(message);
        request.WriteTo(_buffer);
        return _buffer.WrittenCount;
    }

    [Benchmark]
    public int DecodeDelivery()
    {
        var response = Proto.ReceiveMessageResponse.Parser.ParseFrom(_delivery);
        var view = MessageView.FromProtobuf(response.Message, Endpoints);
        return view.Body.Length;
    }
}
