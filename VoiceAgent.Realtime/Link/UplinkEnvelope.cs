using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using VoiceAgent.Realtime.Audio;
using VoiceAgent.RocketMQ;

namespace VoiceAgent.Realtime.Link;

/// <summary>An uplink message as the processor reads it.</summary>
public sealed record UplinkEnvelope(
    LinkMessageKind Kind,
    string SessionId,
    string ConnectionId,
    long Useq,
    AudioFormat? Format,
    ReadOnlyMemory<byte> Body)
{
    /// <summary>Reads a delivered uplink message; <paramref name="error"/> says what is missing or wrong.</summary>
    public static bool TryRead(MessageView message, [NotNullWhen(true)] out UplinkEnvelope? envelope, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(message);
        envelope = null;
        if (!LinkEnvelopeRules.TryGetKind(message.Tag, out var kind))
        {
            error = $"Unknown tag '{message.Tag}'.";
            return false;
        }

        var properties = message.Properties;
        var sessionId = properties.GetValueOrDefault(LinkProperties.Session) ?? message.MessageGroup;
        if (string.IsNullOrEmpty(sessionId))
        {
            error = "No session property.";
            return false;
        }

        if (!properties.TryGetValue(LinkProperties.Connection, out var connectionId) || string.IsNullOrEmpty(connectionId))
        {
            error = "No connection property.";
            return false;
        }

        if (!properties.TryGetValue(LinkProperties.Useq, out var useqText)
            || !long.TryParse(useqText, NumberStyles.None, CultureInfo.InvariantCulture, out var useq))
        {
            error = "No valid useq property.";
            return false;
        }

        AudioFormat? format = null;
        if (kind == LinkMessageKind.Audio)
        {
            if (!AudioFormat.TryParseLinkString(properties.GetValueOrDefault(LinkProperties.Format), out var parsed))
            {
                error = "An audio message needs a valid format property.";
                return false;
            }

            format = parsed;
        }

        envelope = new UplinkEnvelope(kind, sessionId, connectionId, useq, format, message.Body);
        error = null;
        return true;
    }
}
