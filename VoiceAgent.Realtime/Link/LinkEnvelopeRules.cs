namespace VoiceAgent.Realtime.Link;

/// <summary>What uplink and downlink envelopes share.</summary>
internal static class LinkEnvelopeRules
{
    public static bool TryGetKind(string? tag, out LinkMessageKind kind)
    {
        switch (tag)
        {
            case LinkTags.Audio:
                kind = LinkMessageKind.Audio;
                return true;
            case LinkTags.Event:
                kind = LinkMessageKind.Event;
                return true;
            case LinkTags.Control:
                kind = LinkMessageKind.Control;
                return true;
            default:
                kind = default;
                return false;
        }
    }
}
