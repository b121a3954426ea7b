using System.Text.Json.Serialization;

namespace VoiceAgent.Processor.Sessions;

/// <summary>A sentence of a spoken answer: where its audio starts (ms into the answer) and where its text ends.</summary>
internal sealed record SpokenSegment(
    [property: JsonPropertyName("audio_start_ms")] double AudioStartMs,
    [property: JsonPropertyName("audio_ms")] double AudioMs,
    [property: JsonPropertyName("text_end")] int TextEnd);
