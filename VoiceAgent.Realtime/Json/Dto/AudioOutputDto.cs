using System.Text.Json.Serialization;

namespace VoiceAgent.Realtime.Json.Dto;

/// <summary><c>session.audio.output</c> (and <c>response.audio.output</c>) as sent.</summary>
internal sealed class AudioOutputDto
{
    [JsonPropertyName("format")]
    public AudioFormatDto? Format { get; set; }

    [JsonPropertyName("voice")]
    public string? Voice { get; set; }

    [JsonPropertyName("speed")]
    public double? Speed { get; set; }
}
