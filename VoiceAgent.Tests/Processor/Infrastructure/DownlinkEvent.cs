using System.Text.Json;

namespace VoiceAgent.Tests.Processor.Infrastructure;

/// <summary>A message a session received on its downlink lite topic: a server event (parsed) or output audio.</summary>
public sealed record DownlinkEvent(
    string Type,
    string EventId,
    string? ResponseId,
    JsonElement Json,
    byte[]? Audio,
    IReadOnlyDictionary<string, string> Properties,
    string? TraceContext,
    DateTimeOffset ReceivedAt)
{
    public const string AudioType = "response.output_audio.delta";

    public bool IsAudio => Audio is not null;

    public string? String(string name) => Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
        ? value.GetString()
        : null;

    public JsonElement Response => Json.GetProperty("response");

    public override string ToString() => IsAudio ? $"{Type} {EventId} ({Audio!.Length} bytes)" : $"{Type} {EventId} {Json}";
}
