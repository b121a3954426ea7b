using System.Text.Json.Serialization;

namespace VoiceAgent.Realtime.Json.Dto;

/// <summary>An audio format object as sent: <c>{"type":"audio/pcm","rate":24000}</c> (<c>sample_rate</c> also accepted).</summary>
internal sealed class AudioFormatDto
{
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("rate")]
    public int? Rate { get; set; }

    [JsonPropertyName("sample_rate")]
    public int? SampleRate { get; set; }
}
