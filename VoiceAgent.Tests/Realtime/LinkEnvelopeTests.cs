using System.Text;
using VoiceAgent.Realtime.Audio;
using VoiceAgent.Realtime.Link;
using VoiceAgent.Realtime.Responses;
using VoiceAgent.Realtime.Sessions;
using VoiceAgent.RocketMQ;

namespace VoiceAgent.Tests.Realtime;

public sealed class LinkEnvelopeTests
{
    private static readonly BrokerEndpoints Endpoints = BrokerEndpoints.Parse("127.0.0.1:8081");

    [Fact]
    public void UplinkAudioRoundTrips()
    {
        var message = UplinkMessages.CreateAudio("sess_1", "conn_1", 3, AudioFormat.Pcm16k, new byte[] { 1, 2 });

        Assert.Equal("voice-uplink", message.Topic);
        Assert.Equal("sess_1", message.MessageGroup);
        Assert.Equal("audio", message.Tag);
        Assert.True(UplinkEnvelope.TryRead(Deliver(message), out var envelope, out var error), error);
        Assert.Equal(LinkMessageKind.Audio, envelope.Kind);
        Assert.Equal("sess_1", envelope.SessionId);
        Assert.Equal("conn_1", envelope.ConnectionId);
        Assert.Equal(3, envelope.Useq);
        Assert.Equal(AudioFormat.Pcm16k, envelope.Format);
        Assert.Equal(new byte[] { 1, 2 }, envelope.Body.ToArray());
    }

    [Fact]
    public void UplinkEventsAndControlRoundTrip()
    {
        var json = Encoding.UTF8.GetBytes("""{"type":"input_audio_buffer.commit"}""");
        Assert.True(UplinkEnvelope.TryRead(Deliver(UplinkMessages.CreateEvent("s", "c", 1, json)), out var envelope, out _));
        Assert.Equal(LinkMessageKind.Event, envelope.Kind);
        Assert.Null(envelope.Format);
        Assert.Equal(json, envelope.Body.ToArray());

        var start = new ControlMessage(ControlMessageTypes.SessionStart, SessionConfig.Default with { Instructions = "Hi" });
        Assert.True(UplinkEnvelope.TryRead(Deliver(UplinkMessages.CreateControl("s", "c", 2, start)), out var control, out _));
        Assert.Equal(LinkMessageKind.Control, control.Kind);
        Assert.True(ControlMessageJson.TryRead(control.Body.Span, out var read));
        Assert.Equal(ControlMessageTypes.SessionStart, read.Type);
        Assert.Equal("Hi", read.Session!.Instructions);

        Assert.True(ControlMessageJson.TryRead(ControlMessageJson.ToUtf8(new ControlMessage(ControlMessageTypes.SessionResume, LastSeq: 41)), out var resume));
        Assert.Equal(41, resume.LastSeq);
    }

    [Fact]
    public void AnUplinkMessageWithoutItsPropertiesIsRejected()
    {
        var bare = Message.CreateBuilder().SetTopic("voice-uplink").SetMessageGroup("s").SetTag("event").SetBody(new byte[1]).Build();
        var odd = Message.CreateBuilder().SetTopic("voice-uplink").SetMessageGroup("s").SetTag("video").SetBody(new byte[1]).Build();

        Assert.False(UplinkEnvelope.TryRead(Deliver(bare), out _, out var missing));
        Assert.False(UplinkEnvelope.TryRead(Deliver(odd), out _, out var unknown));
        Assert.Contains("connection", missing, StringComparison.Ordinal);
        Assert.Contains("video", unknown, StringComparison.Ordinal);
    }

    [Fact]
    public void DownlinkAudioAndEventsRoundTrip()
    {
        var where = new ResponseContentRef("resp_1", "item_1", 0, 1);
        var audio = DownlinkMessages.CreateAudio("sess_1", "resp_1:4", where, AudioFormat.Pcmu, new byte[] { 7 });

        Assert.Equal("voice-downlink", audio.Topic);
        Assert.Equal("sess_1", audio.LiteTopic);
        Assert.True(DownlinkEnvelope.TryRead(Deliver(audio), out var envelope, out var error), error);
        Assert.Equal(LinkMessageKind.Audio, envelope.Kind);
        Assert.Equal("sess_1", envelope.SessionId);
        Assert.Equal("resp_1:4", envelope.EventId);
        Assert.Equal(where, envelope.Content);
        Assert.Equal(AudioFormat.Pcmu, envelope.Format);

        var json = Encoding.UTF8.GetBytes("""{"type":"response.done"}""");
        Assert.True(DownlinkEnvelope.TryRead(Deliver(DownlinkMessages.CreateEvent("sess_1", "resp_1:9", "resp_1", json)), out var done, out _));
        Assert.Equal(LinkMessageKind.Event, done.Kind);
        Assert.Equal("resp_1", done.ResponseId);
        Assert.Null(done.Content);
        Assert.Equal(json, done.Body.ToArray());
    }

    private static MessageView Deliver(Message message)
    {
        var proto = PublishingMessageEncoder.Encode(message, "", PublishingMessageEncoder.ToProtobuf(message.Type), null);
        proto.SystemProperties.ReceiptHandle = "receipt";
        return MessageView.FromProtobuf(proto, Endpoints);
    }
}
