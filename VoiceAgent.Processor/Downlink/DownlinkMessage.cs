namespace VoiceAgent.Processor.Downlink;

/// <summary>
/// One message for a session's downlink lite topic: a server event (JSON without <c>seq</c>) or a piece of output
/// audio (raw bytes in the session's output format, with the ids the gateway renders it with).
/// </summary>
internal readonly record struct DownlinkMessage(
    bool IsAudio,
    ReadOnlyMemory<byte> Body,
    string EventId,
    string? ResponseId,
    string? ItemId = null,
    int OutputIndex = 0,
    int ContentIndex = 0,
    string? Format = null)
{
    public static DownlinkMessage Event(ReadOnlyMemory<byte> json, string eventId, string? responseId = null) =>
        new(false, json, eventId, responseId);

    /// <param name="format">The audio's format in the link form, e.g. <c>audio/pcm;rate=24000</c>.</param>
    public static DownlinkMessage Audio(ReadOnlyMemory<byte> audio, string eventId, string responseId, string itemId, string format) =>
        new(true, audio, eventId, responseId, itemId, Format: format);
}
