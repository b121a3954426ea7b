using System.Text.Json;

namespace VoiceAgent.Processor.Sessions;

/// <summary>Reads and writes the stored JSON forms.</summary>
internal static class StoredJson
{
    public static string Write(ConversationItem item) => JsonSerializer.Serialize(item, SessionJsonContext.Default.ConversationItem);

    public static ConversationItem ReadItem(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize(json, SessionJsonContext.Default.ConversationItem) ?? throw new JsonException("A stored item is null.");

    public static ConversationItem ReadItem(string json) =>
        JsonSerializer.Deserialize(json, SessionJsonContext.Default.ConversationItem) ?? throw new JsonException("A stored item is null.");

    public static string Write(TurnJob job) => JsonSerializer.Serialize(job, SessionJsonContext.Default.TurnJob);

    public static TurnJob ReadJob(string json) =>
        JsonSerializer.Deserialize(json, SessionJsonContext.Default.TurnJob) ?? throw new JsonException("A stored job is null.");

    public static string Write(IReadOnlyList<SpokenSegment> segments) =>
        JsonSerializer.Serialize(segments as List<SpokenSegment> ?? [.. segments], SessionJsonContext.Default.ListSpokenSegment);

    public static IReadOnlyList<SpokenSegment> ReadSegments(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize(json, SessionJsonContext.Default.ListSpokenSegment) ?? [];
}
