using System.Globalization;
using VoiceAgent.Realtime.Audio;
using VoiceAgent.RocketMQ;

namespace VoiceAgent.Realtime.Link;

/// <summary>
/// Builds uplink messages: topic <c>voice-uplink</c>, message group = session id, tag, and the user properties
/// <c>session</c>, <c>connection</c>, <c>useq</c> (and <c>format</c> for audio). Bodies are not copied.
/// </summary>
public static class UplinkMessages
{
    public static Message CreateAudio(string sessionId, string connectionId, long useq, AudioFormat format, ReadOnlyMemory<byte> audio) =>
        Builder(sessionId, connectionId, useq, LinkTags.Audio, audio)
            .AddProperty(LinkProperties.Format, format.ToLinkString())
            .Build();

    /// <summary>A client event, GA JSON (as <see cref="Events.ClientEventWriter"/> writes it).</summary>
    public static Message CreateEvent(string sessionId, string connectionId, long useq, ReadOnlyMemory<byte> eventJson) =>
        Builder(sessionId, connectionId, useq, LinkTags.Event, eventJson).Build();

    public static Message CreateControl(string sessionId, string connectionId, long useq, ReadOnlyMemory<byte> controlJson) =>
        Builder(sessionId, connectionId, useq, LinkTags.Control, controlJson).Build();

    public static Message CreateControl(string sessionId, string connectionId, long useq, ControlMessage control) =>
        CreateControl(sessionId, connectionId, useq, ControlMessageJson.ToUtf8(control));

    private static MessageBuilder Builder(string sessionId, string connectionId, long useq, string tag, ReadOnlyMemory<byte> body)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(useq);
        return Message.CreateBuilder()
            .SetTopic(VoiceLink.UplinkTopic)
            .SetMessageGroup(sessionId)
            .SetTag(tag)
            .SetBody(body)
            .AddProperty(LinkProperties.Session, sessionId)
            .AddProperty(LinkProperties.Connection, connectionId)
            .AddProperty(LinkProperties.Useq, useq.ToString(CultureInfo.InvariantCulture));
    }
}
