using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using VoiceAgent.Realtime.Audio;
using VoiceAgent.Realtime.Responses;
using VoiceAgent.RocketMQ;

namespace VoiceAgent.Realtime.Link;

/// <summary>A downlink message as the gateway reads it.</summary>
public sealed record DownlinkEnvelope(
    LinkMessageKind Kind,
    string SessionId,
    string? EventId,
    string? ResponseId,
    ResponseContentRef? Content,
    AudioFormat? Format,
    ReadOnlyMemory<byte> Body)
{
    /// <summary>Reads a delivered downlink message; <paramref name="error"/> says what is missing or wrong.</summary>
    public static bool TryRead(MessageView message, [NotNullWhen(true)] out DownlinkEnvelope? envelope, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(message);
        envelope = null;
        if (!LinkEnvelopeRules.TryGetKind(message.Tag, out var kind) || kind == LinkMessageKind.Control)
        {
            error = $"Unknown downlink tag '{message.Tag}'.";
            return false;
        }

        if (message.LiteTopic is not { } sessionId)
        {
            error = "Not a lite topic message.";
            return false;
        }

        var properties = message.Properties;
        var eventId = properties.GetValueOrDefault(LinkProperties.EventId);
        var responseId = properties.GetValueOrDefault(LinkProperties.ResponseId);
        ResponseContentRef? content = null;
        AudioFormat? format = null;
        if (kind == LinkMessageKind.Audio)
        {
            if (eventId is null || responseId is null || !properties.TryGetValue(LinkProperties.ItemId, out var itemId))
            {
                error = "An audio message needs event_id, response_id and item_id properties.";
                return false;
            }

            content = new ResponseContentRef(responseId, itemId, ReadIndex(properties, LinkProperties.OutputIndex), ReadIndex(properties, LinkProperties.ContentIndex));
            if (properties.TryGetValue(LinkProperties.Format, out var formatText))
            {
                if (!AudioFormat.TryParseLinkString(formatText, out var parsed))
                {
                    error = $"Invalid format property '{formatText}'.";
                    return false;
                }

                format = parsed;
            }
        }

        envelope = new DownlinkEnvelope(kind, sessionId, eventId, responseId, content, format, message.Body);
        error = null;
        return true;
    }

    private static int ReadIndex(IReadOnlyDictionary<string, string> properties, string name) =>
        properties.TryGetValue(name, out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;
}
