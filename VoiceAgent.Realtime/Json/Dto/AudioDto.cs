using System.Text.Json.Serialization;

namespace VoiceAgent.Realtime.Json.Dto;

/// <summary><c>session.audio</c> as sent.</summary>
internal sealed class AudioDto
{
    [JsonPropertyName("input")]
    public AudioInputDto? Input { get; set; }

    [JsonPropertyName("output")]
    public AudioOutputDto? Output { get; set; }
}
