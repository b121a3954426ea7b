using System.Globalization;
using VoiceAgent.Realtime.Audio;
using VoiceAgent.Realtime.Responses;
using VoiceAgent.RocketMQ;

namespace VoiceAgent.Realtime.Link;

/// <summary>
/// Builds downlink messages: topic <c>voice-downlink</c>, lite topic = session id, tag, and the user properties
/// <c>event_id</c>, <c>response_id</c> (and for audio <c>item_id</c>, <c>output_index</c>, <c>content_index</c>,
/// <c>format</c>). Bodies are not copied.
/// </summary>
public static class DownlinkMessages
{
    /// <summary>A server event (GA JSON without seq, as <see cref="Events.ServerEventWriter"/> writes it).</summary>
    public static Message CreateEvent(string sessionId, string eventId, string? responseId, ReadOnlyMemory<byte> eventJson)
    {
        var builder = Builder(sessionId, eventId, LinkTags.Event, eventJson);
        if (responseId is not null)
        {
            builder.AddProperty(LinkProperties.ResponseId, responseId);
        }

        return builder.Build();
    }

    /// <summary>Output audio; the gateway renders it as <c>response.output_audio.delta</c> with id <paramref name="eventId"/>, or a binary frame.</summary>
    public static Message CreateAudio(string sessionId, string eventId, ResponseContentRef where, AudioFormat format, ReadOnlyMemory<byte> audio) =>
        Builder(sessionId, eventId, LinkTags.Audio, audio)
            .AddProperty(LinkProperties.ResponseId, where.ResponseId)
            .AddProperty(LinkProperties.ItemId, where.ItemId)
            .AddProperty(LinkProperties.OutputIndex, where.OutputIndex.ToString(CultureInfo.InvariantCulture))
            .AddProperty(LinkProperties.ContentIndex, where.ContentIndex.ToString(CultureInfo.InvariantCulture))
            .AddProperty(LinkProperties.Format, format.ToLinkString())
            .Build();

    private static MessageBuilder Builder(string sessionId, string eventId, string tag, ReadOnlyMemory<byte> body) =>
        Message.CreateBuilder()
            .SetTopic(VoiceLink.DownlinkTopic)
            .SetLiteTopic(sessionId)
            .SetTag(tag)
            .SetBody(body)
            .AddProperty(LinkProperties.EventId, eventId);
}
