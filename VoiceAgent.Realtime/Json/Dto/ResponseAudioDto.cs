using System.Text.Json.Serialization;

namespace VoiceAgent.Realtime.Json.Dto;

/// <summary><c>response.audio</c> of <c>response.create</c> as sent.</summary>
internal sealed class ResponseAudioDto
{
    [JsonPropertyName("output")]
    public AudioOutputDto? Output { get; set; }
}
